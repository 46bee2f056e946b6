using Panel.Comparisons.RequiringConflictFree;
using Panel.Comparisons;
using Panel.Comparisons.DeclaringConflicts;
using Panel.Comparisons.Publishing;
using Panel.Comparisons.RetractingComparison;
using Panel.Comparisons.SubmittingVerdict;
using Panel.Comparisons.WithdrawingVerdict;
using Panel.Comparisons.WritingEditorsVerdict;
using Panel.Evidence;
using Panel.Infrastructure;
using Panel.Scorecards;

namespace Panel.Tests.Domain;

/// <summary>Conflicts of interest, the editor's verdict and retractions, decided without a database.</summary>
public class EditorialRecordDecisionTests
{
    private static Outcome Verdict(Comparison c, Guid reviewer, Guid tool, SubmitVerdict v, DateTimeOffset at) =>
        SubmittingVerdictEndpoint.Decide(c, reviewer, tool, v.Decision.Checked(), v.Quote.Checked(), v.Note, v.Reason, at);

    private static readonly DateTimeOffset At = Given.T0.AddHours(3);

    private static Outcome Declare(Given given, int reviewer, params ConflictEntry[] entries) =>
        DeclaringConflictsEndpoint.Decide(given.State, given.Reviewers[reviewer], entries, At);

    private static Outcome Publish(Given given, string? note = null) => PublishingEndpoint.Decide(given.State, note, given.Editor, At);

    [Fact]
    public void a_seated_reviewer_declares_a_conflict_naming_a_tool_and_the_seat_carries_it()
    {
        var given = Given.Comparison();

        var declared = Declare(given, 0, new ConflictEntry("  Advised the vendor of Beta in 2025. ", given.Tools[1])).ShouldAppendOne<ConflictsDeclared>();
        given.With(declared);

        Assert.Equal([new DeclaredConflict("Advised the vendor of Beta in 2025.", given.Tools[1])], declared.Conflicts);
        Assert.True(given.State.SeatOf(given.Reviewers[0])!.DeclaredConflictWith(given.Tools[1]));
        Assert.False(given.State.SeatOf(given.Reviewers[0])!.DeclaredConflictWith(given.Tools[0]));
    }

    [Fact]
    public void declaring_none_replaces_an_earlier_declaration_and_the_same_declaration_again_changes_nothing()
    {
        var given = Given.Comparison().Declares(0, 1);

        given.Apply(Declare(given, 0));

        Assert.Empty(given.State.SeatOf(given.Reviewers[0])!.Declaration!.Conflicts);
        Assert.Same(Outcome.Unchanged, Declare(given, 0));
    }

    [Fact]
    public void only_a_seated_reviewer_declares_and_only_naming_a_tool_of_the_comparison()
    {
        var given = Given.Comparison();

        DeclaringConflictsEndpoint.Decide(given.State, Guid.NewGuid(), [], At).ShouldBeProblem(403);
        var problem = Declare(given, 0, new ConflictEntry("Owns shares.", Guid.NewGuid())).ShouldBeProblem(400);
        Assert.NotEmpty(problem.FieldErrors("conflicts[0].toolId"));
    }

    [Fact]
    public void a_declaration_needs_words_and_at_most_five_entries()
    {
        var missing = DeclaringConflictsEndpoint.Validate(new DeclareConflicts([new ConflictEntry(" ", null)]));
        Assert.NotEmpty(missing.FieldErrors("conflicts[0].description"));
        var many = DeclaringConflictsEndpoint.Validate(new DeclareConflicts(Enumerable.Repeat(new ConflictEntry("x", null), 6).ToList()));
        Assert.NotEmpty(many.FieldErrors("conflicts"));
        Assert.NotEmpty(DeclaringConflictsEndpoint.Validate(new DeclareConflicts(null)).FieldErrors("conflicts"));
    }

    [Fact]
    public void declarations_and_conflict_rules_close_with_the_first_publication()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine();
        given.Apply(Publish(given));

        Assert.EndsWith("declarations-closed", Declare(given, 0).ShouldBeProblem(409).Type);
        Assert.EndsWith("declarations-closed",
            RequiringConflictFreeEndpoint.Decide(given.State, given.Tools[0], true, given.Editor, At).ShouldBeProblem(409).Type);
    }

    [Fact]
    public void a_conflict_free_tool_refuses_a_verdict_from_a_reviewer_whose_conflict_names_it()
    {
        var given = Given.Comparison().Declares(0, 1).ConflictFree(1);

        var problem = Verdict(given.State, given.Reviewers[0], given.Tools[1], new SubmitVerdict(Decision.Ship, "Great."), At)
            .ShouldBeProblem(409);

        Assert.EndsWith("conflict-of-interest", problem.Type);
        // The other tool, and the other reviewer, are untouched by the rule.
        Verdict(given.State, given.Reviewers[0], given.Tools[0], new SubmitVerdict(Decision.Ship, "Fine."), At)
            .ShouldAppendOne<VerdictSubmitted>();
        Verdict(given.State, given.Reviewers[1], given.Tools[1], new SubmitVerdict(Decision.Skip, "No."), At)
            .ShouldAppendOne<VerdictSubmitted>();
    }

    [Fact]
    public void a_barred_tool_is_not_owed_so_the_panel_completes_without_that_verdict()
    {
        var given = Given.Comparison().Declares(0, 1).ConflictFree(1).Verdicts("S-", "SK");

        Assert.Empty(given.State.OwedBy(given.Reviewers[0]));
        Assert.True(given.State.Scorecard.Complete);
        Assert.Equal(1, given.State.Scorecard.Tools[1].SampleSize);
    }

    [Fact]
    public void a_verdict_given_before_the_rule_blocks_publication_until_the_reviewer_withdraws_it()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").Declares(0, 1, "Consulted for Beta.").ConflictFree(1).BottomLine();

        var problem = Publish(given).ShouldBeProblem(409);
        Assert.EndsWith("unresolved-conflicts", problem.Type);
        Assert.Contains("conflicts", problem.Extensions.Keys);

        given.Apply(WithdrawingVerdictEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[1], "Declared conflict.", At));
        Publish(given).ShouldAppendOne<ScorecardPublished>();
    }

    [Fact]
    public void lifting_the_rule_lets_the_conflicted_reviewer_judge_again()
    {
        var given = Given.Comparison().Declares(0, 1).ConflictFree(1);

        given.Apply(RequiringConflictFreeEndpoint.Decide(given.State, given.Tools[1], false, given.Editor, At));

        Assert.Empty(given.State.ConflictFreeTools);
        Assert.Equal(2, given.State.OwedBy(given.Reviewers[0]).Count);
        Assert.Same(Outcome.Unchanged, RequiringConflictFreeEndpoint.Decide(given.State, given.Tools[1], false, given.Editor, At));
    }

    [Fact]
    public void publishing_without_the_editors_verdict_is_refused_listing_it_as_missing()
    {
        var given = Given.Comparison().Verdicts("SS", "SK");

        var problem = Publish(given).ShouldBeProblem(409);

        Assert.EndsWith("missing-bottom-line", problem.Type);
        Assert.Equal(["bottomLine"], Assert.IsAssignableFrom<IEnumerable<string>>(problem.Extensions["missing"]));
    }

    [Fact]
    public void an_incomplete_panel_is_reported_before_a_missing_bottom_line()
    {
        var given = Given.Comparison().Verdicts("SS", "S-");

        Assert.EndsWith("incomplete-panel", Publish(given).ShouldBeProblem(409).Type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Too short.")]
    public void a_bottom_line_has_length_bounds(string? bottomLine)
    {
        var problem = WritingEditorsVerdictEndpoint.Validate(new WriteEditorsVerdict(bottomLine));
        Assert.NotEmpty(problem.FieldErrors("bottomLine"));
        Assert.NotEmpty(WritingEditorsVerdictEndpoint.Validate(new WriteEditorsVerdict(new string('x', 601))).FieldErrors("bottomLine"));
    }

    [Fact]
    public void the_editor_may_recommend_only_a_tool_of_the_comparison_and_the_same_words_again_change_nothing()
    {
        var given = Given.Comparison();
        var text = "Alpha for most teams; Beta when budgets allow.";

        WritingEditorsVerdictEndpoint.Decide(given.State, new WriteEditorsVerdict(text, Guid.NewGuid()), given.Editor, At).ShouldBeProblem(400);
        given.Apply(WritingEditorsVerdictEndpoint.Decide(given.State, new WriteEditorsVerdict(text, given.Tools[0]), given.Editor, At));

        Assert.Same(Outcome.Unchanged, WritingEditorsVerdictEndpoint.Decide(given.State, new WriteEditorsVerdict(text, given.Tools[0]), given.Editor, At));
    }

    [Fact]
    public void a_recommendation_the_figures_do_not_make_is_released_as_a_disagreement()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine(recommend: 1);

        var released = Publish(given).ShouldAppendOne<ScorecardPublished>().Content.EditorsVerdict!;

        Assert.Equal(given.Tools[1], released.RecommendedToolId);
        Assert.Equal("Beta", released.RecommendedToolName);
        Assert.True(released.DiffersFromPanel);
        Assert.Equal("The editor recommends Beta; the panel's figures pick Alpha.", released.Disagreement);
    }

    [Fact]
    public void a_recommendation_that_matches_the_pick_is_no_disagreement()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine(recommend: 0);

        var released = Publish(given).ShouldAppendOne<ScorecardPublished>().Content.EditorsVerdict!;

        Assert.False(released.DiffersFromPanel);
        Assert.Null(released.Disagreement);
    }

    [Fact]
    public void a_new_bottom_line_after_publication_asks_for_a_correction_that_releases_it()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine();
        given.Apply(Publish(given));

        given.Apply(WritingEditorsVerdictEndpoint.Decide(given.State, new WriteEditorsVerdict("On reflection: Beta deserves a second look."), given.Editor, At));

        Assert.True(given.State.NeedsCorrection);
        var correction = Publish(given, "The editor's verdict was rewritten.").ShouldAppendOne<ScorecardPublished>();
        Assert.Equal(2, correction.Version);
        Assert.Equal("On reflection: Beta deserves a second look.", correction.Content.EditorsVerdict!.BottomLine);
    }

    [Fact]
    public void released_quotes_carry_each_reviewers_declaration_and_no_declaration_reads_no_conflicts_declared()
    {
        var given = Given.Comparison().Declares(0, 1, "Advised Beta's vendor.").Verdicts("SS", "SK").BottomLine();

        var quotes = Publish(given).ShouldAppendOne<ScorecardPublished>().Content.Quotes;

        var first = quotes.First(q => q.ReviewerId == given.Reviewers[0]).Declaration!;
        Assert.True(first.Declared);
        Assert.Equal("Advised Beta's vendor. (Beta)", first.Summary);
        Assert.Equal(given.Tools[1], Assert.Single(first.Conflicts).ToolId);
        var second = quotes.First(q => q.ReviewerId == given.Reviewers[1]).Declaration!;
        Assert.False(second.Declared);
        Assert.Equal("No conflicts declared", second.Summary);
    }

    [Fact]
    public void a_release_without_the_new_members_hashes_as_it_did_before_they_existed()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine();
        var content = Publish(given).ShouldAppendOne<ScorecardPublished>().Content;
        var before = content with
        {
            EditorsVerdict = null,
            Quotes = content.Quotes.Select(q => q with { Declaration = null }).ToList()
        };

        var release = PublicRecord.Release(given.Id, 1, null, false, At, before);
        var withRecord = PublicRecord.Release(given.Id, 1, null, false, At, content);

        Assert.False(((System.Text.Json.Nodes.JsonObject)release["content"]!).ContainsKey("editorsVerdict"));
        Assert.False(((System.Text.Json.Nodes.JsonObject)release["content"]!["quotes"]![0]!).ContainsKey("declaration"));
        Assert.True(((System.Text.Json.Nodes.JsonObject)withRecord["content"]!).ContainsKey("editorsVerdict"));
        Assert.NotEqual(CanonicalJson.Sha256(release), CanonicalJson.Sha256(withRecord));
    }

    [Fact]
    public void only_a_published_comparison_is_retracted_and_only_once()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine();
        Assert.EndsWith("not-published", RetractingComparisonEndpoint.Decide(given.State, "Wrong.", given.Editor, At).ShouldBeProblem(409).Type);
        given.Apply(Publish(given));

        var retracted = RetractingComparisonEndpoint.Decide(given.State, "  A reviewer's undisclosed conflict came to light. ", given.Editor, At)
            .ShouldAppendOne<ComparisonRetracted>();
        given.With(retracted);

        Assert.Equal(1, retracted.Version);
        Assert.Equal("A reviewer's undisclosed conflict came to light.", retracted.Note);
        Assert.EndsWith("already-retracted", RetractingComparisonEndpoint.Decide(given.State, "Again.", given.Editor, At).ShouldBeProblem(409).Type);
    }

    [Fact]
    public void a_retraction_needs_a_note()
    {
        Assert.NotEmpty(RetractingComparisonEndpoint.Validate(new Retract("  ")).FieldErrors("note"));
    }

    [Fact]
    public void a_retracted_comparison_takes_no_version_verdict_bottom_line_or_declaration_and_never_needs_a_correction()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine();
        given.Apply(Publish(given));
        given.Apply(RetractingComparisonEndpoint.Decide(given.State, "Withdrawn by the editors.", given.Editor, At));

        Assert.EndsWith("retracted", Publish(given, "One more.").ShouldBeProblem(409).Type);
        Assert.EndsWith("retracted", Verdict(given.State, given.Reviewers[0], given.Tools[1],
            new SubmitVerdict(Decision.Skip, "Changed my mind.", Reason: "Later."), At).ShouldBeProblem(409).Type);
        Assert.EndsWith("retracted", WritingEditorsVerdictEndpoint.Decide(given.State,
            new WriteEditorsVerdict("A bottom line after the fact."), given.Editor, At).ShouldBeProblem(409).Type);
        Assert.EndsWith("retracted", Declare(given, 0).ShouldBeProblem(409).Type);

        given.Apply(WithdrawingVerdictEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[0], "Late withdrawal.", At));
        Assert.False(given.State.NeedsCorrection);
    }
}
