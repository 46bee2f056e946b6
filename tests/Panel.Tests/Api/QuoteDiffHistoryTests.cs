using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>The JSON history diffs each changed quote against its previous wording, word by word.</summary>
public class QuoteDiffHistoryTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task revised_verdicts_and_edited_quotes_carry_a_word_diff_and_other_entries_none()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        var (editor, reviewer, tool) = (panel.Editor, panel.Reviewers[0], panel.Tools[0]);
        await Api.Verdict(reviewer, panel.Id, tool, "Ship", "Fast and cheap.");
        await Api.Verdict(reviewer, panel.Id, tool, "Ship", "Fast and reliable.", reason: "Cost was wrong.");
        await Api.EditQuote(editor, panel.Id, tool, reviewer.Id, "Fast, and reliable.", "Comma.");

        var history = (await Api.History(editor, panel.Id)).AsArray();
        var revised = history.Single(e => (string)e!["type"]! == "VerdictRevised")!;
        Assert.Equal(
            """[{"op":"equal","text":"Fast and"},{"op":"delete","text":"cheap."},{"op":"insert","text":"reliable."}]""",
            revised["quoteDiff"]!.ToJsonString());
        var edited = history.Single(e => (string)e!["type"]! == "QuoteEdited")!;
        Assert.Equal(
            """[{"op":"delete","text":"Fast"},{"op":"insert","text":"Fast,"},{"op":"equal","text":"and reliable."}]""",
            edited["quoteDiff"]!.ToJsonString());
        Assert.All(history.Where(e => (string)e!["type"]! is not ("VerdictRevised" or "QuoteEdited")),
            e => Assert.False(e!.AsObject().ContainsKey("quoteDiff")));
    }
}
