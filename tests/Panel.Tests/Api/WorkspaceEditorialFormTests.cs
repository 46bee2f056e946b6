using Marten;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>The editorial record's workspace forms through the real pipeline: declarations, conflict rules, the editor's verdict, retraction.</summary>
public class WorkspaceEditorialFormTests(AppFixture fixture) : ApiTest(fixture)
{
    private BrowserSession Browser() => new(Host);

    private async Task<string> Version(Guid stream)
    {
        await using var session = Store.QuerySession();
        return ((await session.Events.FetchStreamStateAsync(stream))?.Version ?? 0).ToString();
    }

    [Fact]
    public async Task a_reviewer_declares_a_conflict_naming_a_tool_and_the_editor_sees_it_beside_the_seat()
    {
        var panel = await Api.Panel();
        using var reviewer = Browser();
        await reviewer.SignIn(panel.Reviewers[0].Token);
        var form = await reviewer.Get($"/workspace/comparisons/{panel.Id}");
        Assert.NotNull(form.Document.QuerySelector("form[action$='/conflicts'] #conflict-description-0"));

        var saved = await reviewer.Post($"/workspace/comparisons/{panel.Id}/conflicts",
            [("description0", "Advised the vendor of tool B in 2025."), ("toolId0", panel.Tools[1].ToString()), ("description1", ""), ("toolId1", ""),
             ("expected", await Version(panel.Id))]);

        Assert.Equal(303, saved.Status);
        Assert.Equal($"/workspace/comparisons/{panel.Id}?done=conflicts-declared#conflicts", saved.Location);
        var page = await reviewer.Get(saved.Location!);
        Assert.Contains("Advised the vendor of tool B in 2025.", page.Document.QuerySelector("[data-declaration]")!.TextContent);
        var details = await Api.Details(panel.Editor, panel.Id);
        Assert.Equal(panel.Tools[1], (Guid)details.Array("seats")[0]!["declaration"]!["conflicts"]![0]!["toolId"]!);

        using var editor = Browser();
        await editor.SignIn(panel.Editor.Token);
        var desk = await editor.Get($"/workspace/comparisons/{panel.Id}");
        var row = desk.Document.QuerySelector($"tr[data-reviewer-id='{panel.Reviewers[0].Id}'] [data-declaration]")!;
        Assert.Contains("Advised the vendor of tool B in 2025.", row.TextContent);
        Assert.Equal("not declared yet", desk.Document.QuerySelector($"tr[data-reviewer-id='{panel.Reviewers[1].Id}'] [data-declaration]")!.TextContent.Trim());
    }

    [Fact]
    public async Task a_reviewer_declares_none_with_one_button_and_an_empty_declaration_is_refused_beside_the_field()
    {
        var panel = await Api.Panel();
        using var reviewer = Browser();
        await reviewer.SignIn(panel.Reviewers[0].Token);
        await reviewer.Get($"/workspace/comparisons/{panel.Id}");

        var refused = await reviewer.Post($"/workspace/comparisons/{panel.Id}/conflicts",
            [("description0", " "), ("toolId0", panel.Tools[0].ToString()), ("expected", await Version(panel.Id))]);
        Assert.Equal(400, refused.Status);
        Assert.Contains("Describe a conflict", refused.Document.QuerySelector("#conflict-description-0-error")!.TextContent);
        Assert.True(refused.Document.QuerySelector($"#conflict-tool-0 option[value='{panel.Tools[0]}']")!.HasAttribute("selected"), "the chosen tool is kept");
        Assert.Null((await Api.Details(panel.Editor, panel.Id)).Array("seats")[0]!["declaration"]);

        var none = await reviewer.Post($"/workspace/comparisons/{panel.Id}/conflicts", [("none", "1"), ("expected", await Version(panel.Id))]);
        Assert.Equal(303, none.Status);
        Assert.Empty((await Api.Details(panel.Editor, panel.Id)).Array("seats")[0]!["declaration"]!.Array("conflicts"));
    }

    [Fact]
    public async Task an_editors_conflict_rule_takes_the_verdict_form_away_from_the_conflicted_reviewer()
    {
        var panel = await Api.Panel();
        await Api.DeclareConflicts(panel.Reviewers[0], panel.Id, [new { description = "Owns shares in B's vendor.", toolId = panel.Tools[1] }]);
        using var editor = Browser();
        await editor.SignIn(panel.Editor.Token);
        await editor.Get($"/workspace/comparisons/{panel.Id}");

        var set = await editor.Post($"/workspace/comparisons/{panel.Id}/conflict-rules/{panel.Tools[1]}", [("conflictFree", "true")]);

        Assert.Equal(303, set.Status);
        Assert.Equal([panel.Tools[1]], (await Api.Details(panel.Editor, panel.Id)).Array("conflictFreeToolIds").Select(x => (Guid)x!));
        using var reviewer = Browser();
        await reviewer.SignIn(panel.Reviewers[0].Token);
        var page = await reviewer.Get($"/workspace/comparisons/{panel.Id}");
        Assert.NotNull(page.Document.QuerySelector($"#tool-{panel.Tools[1]} [data-barred]"));
        Assert.Null(page.Document.QuerySelector($"form[action$='/verdicts/{panel.Tools[1]}']"));
        Assert.NotNull(page.Document.QuerySelector($"form[action$='/verdicts/{panel.Tools[0]}']"));
    }

    [Fact]
    public async Task the_editor_writes_the_bottom_line_in_a_form_that_keeps_a_too_short_draft_and_publishing_without_one_says_it_is_missing()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        using var editor = Browser();
        await editor.SignIn(panel.Editor.Token);
        await editor.Get($"/workspace/comparisons/{panel.Id}");

        var publish = await editor.Post($"/workspace/comparisons/{panel.Id}/publications", [("note", ""), ("expected", await Version(panel.Id))]);
        Assert.Equal(409, publish.Status);
        Assert.Contains("The editor's verdict is missing", publish.Document.QuerySelector("#form-message")!.TextContent);

        var tooShort = await editor.Post($"/workspace/comparisons/{panel.Id}/editors-verdict",
            [("bottomLine", "Ship A."), ("recommendedToolId", panel.Tools[1].ToString()), ("expected", await Version(panel.Id))]);
        Assert.Equal(400, tooShort.Status);
        Assert.Contains("at least 20", tooShort.Document.QuerySelector("#editors-verdict-bottom-line-error")!.TextContent);
        Assert.Equal("Ship A.", tooShort.Document.QuerySelector("#editors-verdict-bottom-line")!.TextContent);

        var saved = await editor.Post($"/workspace/comparisons/{panel.Id}/editors-verdict",
            [("bottomLine", "Tool B deserves the chance the figures deny it."), ("recommendedToolId", panel.Tools[1].ToString()),
             ("expected", await Version(panel.Id))]);
        Assert.Equal(303, saved.Status);
        var desk = await editor.Get(saved.Location!);
        Assert.Contains("differs from the panel's computed pick", desk.Document.QuerySelector("#editors-verdict .disagreement")!.TextContent);

        var published = await editor.Post($"/workspace/comparisons/{panel.Id}/publications", [("note", ""), ("expected", await Version(panel.Id))]);
        Assert.Equal(303, published.Status);
        Assert.True((bool)(await Api.PublishedScorecard(panel.Id))["editorsVerdict"]!["differsFromPanel"]!);
    }

    [Fact]
    public async Task the_editor_retracts_with_a_note_from_the_comparison_page_and_the_history_page_lists_it()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        using var editor = Browser();
        await editor.SignIn(panel.Editor.Token);
        var desk = await editor.Get($"/workspace/comparisons/{panel.Id}");
        Assert.NotNull(desk.Document.QuerySelector("form[action$='/retractions'] #retract-note"));

        var noNote = await editor.Post($"/workspace/comparisons/{panel.Id}/retractions", [("note", ""), ("expected", await Version(panel.Id))]);
        Assert.Equal(400, noNote.Status);
        Assert.NotNull(noNote.Document.QuerySelector("#retract-note-error"));
        await Api.PublishedScorecard(panel.Id).ContinueWith(t => Assert.Null(t.Result["retraction"]));

        var retracted = await editor.Post($"/workspace/comparisons/{panel.Id}/retractions",
            [("note", "A reviewer's undisclosed conflict came to light."), ("expected", await Version(panel.Id))]);

        Assert.Equal(303, retracted.Status);
        Assert.Equal($"/workspace/comparisons/{panel.Id}?done=retracted#retract", retracted.Location);
        var page = await editor.Get(retracted.Location!);
        Assert.Contains("A reviewer's undisclosed conflict came to light.", page.Document.QuerySelector("aside.retraction")!.TextContent);
        Assert.Null(page.Document.QuerySelector("form[action$='/retractions']"));
        Assert.Null(page.Document.QuerySelector("form[action$='/publications']"));
        Assert.Equal("A reviewer's undisclosed conflict came to light.", (string)(await Api.PublishedScorecard(panel.Id))["retraction"]!["note"]!);

        var history = await editor.Get($"/workspace/comparisons/{panel.Id}/history");
        Assert.Contains("Retracted the comparison (version 1)", history.Document.QuerySelector("li[data-type='ComparisonRetracted']")!.TextContent);
    }

    [Fact]
    public async Task a_reviewer_cannot_post_the_retraction_form()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        using var reviewer = Browser();
        await reviewer.SignIn(panel.Reviewers[0].Token);
        await reviewer.Get($"/workspace/comparisons/{panel.Id}");

        var refused = await reviewer.Post($"/workspace/comparisons/{panel.Id}/retractions", [("note", "Mine to retract?")]);

        Assert.Equal(403, refused.Status);
        Assert.Null((await Api.PublishedScorecard(panel.Id))["retraction"]);
    }

    [Fact]
    public async Task the_seat_form_shows_conflicts_a_reviewer_declared_on_other_panels_about_these_tools()
    {
        var first = await Api.Panel();
        await Api.DeclareConflicts(first.Reviewers[0], first.Id, [new { description = "Advised the vendor in 2025.", toolId = first.Tools[1] }]);
        var second = await Api.Comparison(first.Editor, "Second look", first.Tools);

        using var editor = Browser();
        await editor.SignIn(first.Editor.Token);
        var page = await editor.Get($"/workspace/comparisons/{second}");

        var listed = page.Document.QuerySelector($"[data-declared-elsewhere] li[data-reviewer-id='{first.Reviewers[0].Id}']")!;
        Assert.Contains("Advised the vendor in 2025.", listed.TextContent);
        Assert.Contains("A versus B", listed.TextContent);
        Assert.Null(page.Document.QuerySelector($"[data-declared-elsewhere] li[data-reviewer-id='{first.Reviewers[1].Id}']"));
        Assert.Contains("declared a conflict", page.Document.QuerySelector($"#seat-reviewer option[value='{first.Reviewers[0].Id}']")!.TextContent);
    }
}
