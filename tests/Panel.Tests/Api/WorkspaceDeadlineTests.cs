using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Deadlines in the browser workspace: the editor sets and clears them; reviewers see what is due.</summary>
public class WorkspaceDeadlineTests(AppFixture fixture) : ApiTest(fixture)
{
    private static string Field(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm");

    [Fact]
    public async Task an_editor_sets_a_deadline_with_the_form_and_the_reviewer_sees_it_on_their_home()
    {
        var panel = await Api.Panel();
        var due = DateTimeOffset.UtcNow.AddDays(3);
        using var editor = new BrowserSession(Host);
        await editor.SignIn(panel.Editor.Token);
        await editor.Get($"/workspace/comparisons/{panel.Id}");

        var set = await editor.Post($"/workspace/comparisons/{panel.Id}/deadline",
            [("dueAt", Field(due)), ("remindAt", Field(due.AddDays(-1)))]);

        Assert.Equal(303, set.Status);
        Assert.EndsWith("done=deadline-set#deadline", set.Location);
        var page = await editor.Get(set.Location!);
        Assert.Contains("Deadline set.", page.Text);
        Assert.Contains("Verdicts are due", page.Document.QuerySelector("[data-deadline]")!.TextContent);
        var api = await Api.Get($"/api/comparisons/{panel.Id}", panel.Editor.Token);
        Assert.Equal(Field(due), Field(DateTimeOffset.Parse((string)api["deadline"]!["dueAt"]!)));

        using var reviewer = new BrowserSession(Host);
        await reviewer.SignIn(panel.Reviewers[0].Token);
        var home = await reviewer.Get("/workspace");
        var row = home.Document.QuerySelector($"li[data-comparison-id='{panel.Id}']")!;
        Assert.Contains("Due ", row.QuerySelector(".due")!.TextContent);

        var cleared = await editor.Post($"/workspace/comparisons/{panel.Id}/deadline/removal", []);
        Assert.EndsWith("done=deadline-cleared#deadline", cleared.Location);
        Assert.Null((await Api.Get($"/api/comparisons/{panel.Id}", panel.Editor.Token))["deadline"]);
    }

    [Fact]
    public async Task a_due_time_in_the_past_is_refused_beside_the_field_and_nothing_changes()
    {
        var panel = await Api.Panel();
        using var editor = new BrowserSession(Host);
        await editor.SignIn(panel.Editor.Token);
        await editor.Get($"/workspace/comparisons/{panel.Id}");
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;

        var refused = await editor.Post($"/workspace/comparisons/{panel.Id}/deadline", [("dueAt", Field(DateTimeOffset.UtcNow.AddHours(-1)))]);

        Assert.Equal(400, refused.Status);
        var field = refused.Document.QuerySelector("#deadline-due")!;
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.NotNull(field.GetAttribute("autofocus"));
        Assert.Contains("in the future", refused.Document.QuerySelector("#deadline-due-error")!.TextContent);
        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
    }

    [Fact]
    public async Task a_reviewer_cannot_set_a_deadline()
    {
        var panel = await Api.Panel();
        using var reviewer = new BrowserSession(Host);
        await reviewer.SignIn(panel.Reviewers[0].Token);
        await reviewer.Get($"/workspace/comparisons/{panel.Id}");

        var refused = await reviewer.Post($"/workspace/comparisons/{panel.Id}/deadline", [("dueAt", Field(DateTimeOffset.UtcNow.AddDays(1)))]);

        Assert.Equal(403, refused.Status);
        Assert.Null((await Api.Get($"/api/comparisons/{panel.Id}", panel.Editor.Token))["deadline"]);
    }
}
