using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class RoleTests(AppFixture fixture) : ApiTest(fixture)
{
    /// <summary>
    /// A comparison with one verdict in, and everyone a route can name: {reviewer} has a verdict on
    /// {tool}, {idle} is seated without verdicts, {newcomer} is a reviewer not yet seated.
    /// </summary>
    private sealed record World(PanelSetup Panel, Person Reviewer, Person Idle, Person Newcomer)
    {
        public string Url(string template) => template
            .Replace("{comparison}", Panel.Id.ToString())
            .Replace("{tool}", Panel.Tools[0].ToString())
            .Replace("{reviewer}", Reviewer.Id.ToString())
            .Replace("{idle}", Idle.Id.ToString())
            .Replace("{newcomer}", Newcomer.Id.ToString());

        /// <summary>A body the route would accept from the right caller, so only the role can stop it.</summary>
        public object? Body(string method, string template) => (method, template) switch
        {
            ("POST", "/api/users") => new { name = "Someone New", role = "Admin" },
            ("POST", "/api/tools") => new
            {
                name = "Fresh Tool",
                vendor = "Fresh Inc.",
                category = "Agents",
                tagline = "New here",
                description = "A tool nobody reviewed yet.",
                entryTier = "Paid",
                pricingRead = "$20 a month."
            },
            ("PUT", "/api/tools/{tool}/pricing") => new { entryTier = "Enterprise", pricingRead = "Call sales." },
            ("POST", "/api/comparisons") => new { title = "Another look", toolIds = Panel.Tools },
            ("POST", "/api/comparisons/{comparison}/seats") => new { reviewerId = Newcomer.Id, angle = "buyer" },
            ("PUT", "/api/comparisons/{comparison}/verdicts/{tool}") => new { decision = "Skip", quote = "Changed my mind.", reason = "Second look." },
            ("POST", "/api/comparisons/{comparison}/verdicts/{tool}/withdrawal") => new { reason = "Conflict of interest." },
            ("PUT", "/api/comparisons/{comparison}/verdicts/{tool}/reviewers/{reviewer}/quote") => new { quote = "Tightened.", reason = "Length." },
            ("POST", "/api/comparisons/{comparison}/publications") => new { note = (string?)null },
            _ => null
        };
    }

    private async Task<World> Build()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 2);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship", "Solid.");
        var newcomer = await Api.User("Reviewer", "Newcomer");
        return new World(panel, panel.Reviewers[0], panel.Reviewers[1], newcomer);
    }

    private string TokenOf(World world, string role) => role switch
    {
        "Reviewer" => world.Reviewer.Token,
        "Editor" => world.Panel.Editor.Token,
        "Admin" => Scenarios.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role))
    };

    /// <summary>Everything a refused request could have touched: people, tools and the comparison's events.</summary>
    private async Task<string> State(World world)
    {
        var users = await Api.Get("/api/users", Scenarios.Admin);
        var tools = await Api.Get("/api/tools", world.Panel.Editor.Token);
        var comparisons = await Api.Get("/api/comparisons", world.Panel.Editor.Token);
        var history = await Api.History(world.Panel.Editor, world.Panel.Id);
        return string.Join("\n", users.ToJsonString(), tools.ToJsonString(), comparisons.ToJsonString(), history.ToJsonString());
    }

    public static TheoryData<string, string, string> WrongRoles => new()
    {
        { "POST", "/api/users", "Reviewer" },
        { "POST", "/api/users", "Editor" },
        { "GET", "/api/users", "Reviewer" },
        { "GET", "/api/users", "Editor" },
        { "POST", "/api/users/{newcomer}/token", "Reviewer" },
        { "POST", "/api/users/{newcomer}/token", "Editor" },
        { "POST", "/api/tools", "Reviewer" },
        { "POST", "/api/tools", "Admin" },
        { "PUT", "/api/tools/{tool}/pricing", "Reviewer" },
        { "PUT", "/api/tools/{tool}/pricing", "Admin" },
        { "POST", "/api/comparisons", "Reviewer" },
        { "POST", "/api/comparisons", "Admin" },
        { "GET", "/api/comparisons", "Reviewer" },
        { "POST", "/api/comparisons/{comparison}/seats", "Reviewer" },
        { "POST", "/api/comparisons/{comparison}/seats", "Admin" },
        { "DELETE", "/api/comparisons/{comparison}/seats/{idle}", "Reviewer" },
        { "DELETE", "/api/comparisons/{comparison}/seats/{idle}", "Admin" },
        { "PUT", "/api/comparisons/{comparison}/verdicts/{tool}", "Editor" },
        { "PUT", "/api/comparisons/{comparison}/verdicts/{tool}", "Admin" },
        { "POST", "/api/comparisons/{comparison}/verdicts/{tool}/withdrawal", "Editor" },
        { "POST", "/api/comparisons/{comparison}/verdicts/{tool}/withdrawal", "Admin" },
        { "PUT", "/api/comparisons/{comparison}/verdicts/{tool}/reviewers/{reviewer}/quote", "Reviewer" },
        { "PUT", "/api/comparisons/{comparison}/verdicts/{tool}/reviewers/{reviewer}/quote", "Admin" },
        { "POST", "/api/comparisons/{comparison}/publications", "Reviewer" },
        { "POST", "/api/comparisons/{comparison}/publications", "Admin" },
        { "GET", "/api/comparisons/{comparison}/history", "Reviewer" },
        { "GET", "/api/me/comparisons", "Editor" },
        { "GET", "/api/me/comparisons", "Admin" },
    };

    [Theory]
    [MemberData(nameof(WrongRoles))]
    public async Task a_role_the_route_is_not_for_is_forbidden_and_changes_nothing(string method, string route, string role)
    {
        var world = await Build();
        var before = await State(world);

        var result = await Api.Send(new HttpMethod(method), world.Url(route), TokenOf(world, role), world.Body(method, route), 403);

        var problem = await Problem.Read(result, 403);
        Assert.Equal(Problem.Type("forbidden"), (string)problem["type"]!);
        Assert.Equal(before, await State(world));
    }

    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "GET", "/api/me" },
        { "POST", "/api/users" },
        { "GET", "/api/users" },
        { "POST", "/api/users/{newcomer}/token" },
        { "GET", "/api/tools" },
        { "GET", "/api/tools/{tool}" },
        { "POST", "/api/tools" },
        { "PUT", "/api/tools/{tool}/pricing" },
        { "GET", "/api/comparisons" },
        { "POST", "/api/comparisons" },
        { "GET", "/api/comparisons/{comparison}" },
        { "GET", "/api/me/comparisons" },
        { "POST", "/api/comparisons/{comparison}/seats" },
        { "DELETE", "/api/comparisons/{comparison}/seats/{idle}" },
        { "PUT", "/api/comparisons/{comparison}/verdicts/{tool}" },
        { "POST", "/api/comparisons/{comparison}/verdicts/{tool}/withdrawal" },
        { "PUT", "/api/comparisons/{comparison}/verdicts/{tool}/reviewers/{reviewer}/quote" },
        { "GET", "/api/comparisons/{comparison}/scorecard" },
        { "POST", "/api/comparisons/{comparison}/publications" },
        { "GET", "/api/comparisons/{comparison}/history" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task an_anonymous_caller_is_challenged_and_changes_nothing(string method, string route)
    {
        var world = await Build();
        var before = await State(world);

        var result = await Api.Send(new HttpMethod(method), world.Url(route), null, world.Body(method, route), 401);

        var problem = await Problem.Read(result, 401);
        Assert.Equal(Problem.Type("unauthorized"), (string)problem["type"]!);
        Assert.Equal("Bearer", result.Context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal(before, await State(world));
    }

    [Fact]
    public async Task published_scorecards_are_public()
    {
        var panel = await Api.PublishedPanel("SS", "SK");

        var list = await Api.Get("/api/scorecards");
        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        var version = await Api.Get($"/api/scorecards/{panel.Id}/versions/1");

        Assert.Equal(panel.Id, Guid.Parse((string)list[0]!["id"]!));
        Assert.Equal(panel.Id, Guid.Parse((string)card["id"]!));
        Assert.Equal(1, (int)version["version"]!);
    }

    [Fact]
    public async Task the_public_list_of_scorecards_answers_anonymously_when_nothing_is_published()
    {
        var list = await Api.Get("/api/scorecards");

        Assert.Empty(list.AsArray());
    }

    [Theory]
    [InlineData("Editor")]
    [InlineData("Admin")]
    public async Task editors_and_admins_audit_the_history(string role)
    {
        var world = await Build();

        var history = await Api.Get($"/api/comparisons/{world.Panel.Id}/history", TokenOf(world, role));

        // Opened, two seats, one verdict.
        Assert.Equal(["ComparisonOpened", "ReviewerSeated", "ReviewerSeated", "VerdictSubmitted"],
            history.AsArray().Select(e => (string)e!["type"]!));
    }

    [Fact]
    public async Task a_reviewer_not_seated_on_the_panel_cannot_give_a_verdict_there()
    {
        var world = await Build();
        var before = await State(world);

        var result = await Api.Send(HttpMethod.Put, world.Url("/api/comparisons/{comparison}/verdicts/{tool}"),
            world.Newcomer.Token, new { decision = "Ship", quote = "Let me in." }, 403);

        var problem = await Problem.Read(result, 403);
        Assert.Equal(Problem.Type("forbidden"), (string)problem["type"]!);
        Assert.Equal(before, await State(world));
    }

    [Fact]
    public async Task a_reviewer_not_seated_on_the_panel_cannot_read_the_comparison_or_its_scorecard()
    {
        var world = await Build();

        await Problem.Read(await Api.Send(HttpMethod.Get, world.Url("/api/comparisons/{comparison}"), world.Newcomer.Token, null, 403), 403);
        await Problem.Read(await Api.Send(HttpMethod.Get, world.Url("/api/comparisons/{comparison}/scorecard"), world.Newcomer.Token, null, 403), 403);
    }

    [Fact]
    public async Task a_verdict_is_always_the_callers_own()
    {
        var world = await Build();

        var verdict = await Api.Verdict(world.Idle, world.Panel.Id, world.Panel.Tools[1], "Skip", "Not for me.");

        Assert.Equal(world.Idle.Id, Guid.Parse((string)verdict["reviewerId"]!));
        var mine = await Api.Get($"/api/comparisons/{world.Panel.Id}", world.Reviewer.Token);
        Assert.Equal([world.Panel.Tools[1]], mine["owedToolIds"]!.AsArray().Select(x => Guid.Parse((string)x!)));
        Assert.All(mine["verdicts"]!.AsArray(), v => Assert.Equal(world.Reviewer.Id, Guid.Parse((string)v!["reviewerId"]!)));
    }
}
