using Panel.Comparisons;
using Panel.Comparisons.GettingHistory;

namespace Panel.Tests.Domain;

/// <summary>The word-level diff of two wordings of a quote: shared, inserted and deleted runs of words.</summary>
public class QuoteDiffTests
{
    private static string Show(IReadOnlyList<DiffRun> runs) =>
        string.Join(" ", runs.Select(r => r.Op switch { DiffOp.Insert => $"+[{r.Text}]", DiffOp.Delete => $"-[{r.Text}]", _ => r.Text }));

    [Fact]
    public void a_replaced_word_reads_as_the_old_word_deleted_then_the_new_one_inserted()
    {
        Assert.Equal("Fast and -[cheap.] +[reliable.]", Show(QuoteDiff.Words("Fast and cheap.", "Fast and reliable.")));
    }

    [Fact]
    public void runs_of_consecutive_words_are_merged_and_shared_words_stay_equal()
    {
        var runs = QuoteDiff.Words("The export works but the editor is slow", "The export works and the editor is quick now");
        Assert.Equal(
        [
            new DiffRun(DiffOp.Equal, "The export works"), new DiffRun(DiffOp.Delete, "but"), new DiffRun(DiffOp.Insert, "and"),
            new DiffRun(DiffOp.Equal, "the editor is"), new DiffRun(DiffOp.Delete, "slow"), new DiffRun(DiffOp.Insert, "quick now")
        ], runs);
    }

    [Fact]
    public void identical_wordings_are_one_equal_run_and_whitespace_differences_do_not_count()
    {
        Assert.Equal([new DiffRun(DiffOp.Equal, "Ship it today")], QuoteDiff.Words("Ship it  today", "Ship it\ntoday"));
    }

    [Fact]
    public void a_first_wording_is_all_inserted_and_an_emptied_one_all_deleted()
    {
        Assert.Equal([new DiffRun(DiffOp.Insert, "New words")], QuoteDiff.Words(null, "New words"));
        Assert.Equal([new DiffRun(DiffOp.Delete, "Old words")], QuoteDiff.Words("Old words", ""));
    }

    [Fact]
    public void the_diff_keeps_every_word_of_both_wordings_in_order()
    {
        var before = "one two three four five six seven";
        var after = "zero two four five eight six seven nine";
        var runs = QuoteDiff.Words(before, after);
        Assert.Equal(before, string.Join(" ", runs.Where(r => r.Op != DiffOp.Insert).Select(r => r.Text)));
        Assert.Equal(after, string.Join(" ", runs.Where(r => r.Op != DiffOp.Delete).Select(r => r.Text)));
        // The longest common subsequence: two, four, five, six, seven.
        Assert.Equal(5, runs.Where(r => r.Op == DiffOp.Equal).Sum(r => r.Text.Split(' ').Length));
    }

    [Fact]
    public void a_revision_is_diffed_against_the_editors_wording_when_there_was_one()
    {
        var given = Given.Comparison(tools: 2, reviewers: 1);
        var (c, r, t) = (given.Id, given.Reviewers[0], given.Tools[0]);
        given.With(new VerdictSubmitted(c, t, r, Decision.Ship, "good tool", null, given.Next()))
            .With(new QuoteEdited(c, t, r, "A good tool.", "Style.", given.Editor, given.Next()))
            .With(new VerdictRevised(c, t, r, Decision.Skip, "A bad tool.", null, "Changed my mind.", given.Next()))
            .With(new VerdictWithdrawn(c, t, r, "Conflict.", given.Next()));
        // After ComparisonOpened and ReviewerSeated.
        var diffs = ComparisonHistory.QuoteDiffs(given.Events).Skip(2).ToList();
        Assert.Null(diffs[0]);
        Assert.Equal("+[A] good -[tool] +[tool.]", Show(diffs[1]!));
        Assert.Equal("A -[good] +[bad] tool.", Show(diffs[2]!));
        Assert.Null(diffs[3]);
    }
}
