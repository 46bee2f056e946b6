using System.Text.Json.Nodes;
using Alba;
using Panel.Tests.Infrastructure;
using Xunit.Sdk;

namespace Panel.Tests.Api;

/// <summary>
/// Bad input gets a clear 4xx problem answer and changes nothing; never a 500. Cases that share a setup
/// run in one test (each reset of the database costs more than the requests), naming the case that fails.
/// </summary>
public class BadInputTests(AppFixture fixture) : ApiTest(fixture)
{
    private static JsonObject ValidTool(string name = "Gemma 4") => new()
    {
        ["name"] = name,
        ["vendor"] = "Google DeepMind",
        ["category"] = "Open-weight model",
        ["tagline"] = "Open weights you can run anywhere",
        ["description"] = "A family of open-weight models.",
        ["entryTier"] = "Free",
        ["pricingRead"] = "Free weights."
    };

    private static JsonObject ValidVerdict() => new() { ["decision"] = "Ship", ["quote"] = "It earns its place." };

    private static JsonObject ValidComparison(IEnumerable<Guid> tools, string title = "A versus B") =>
        new() { ["title"] = title, ["toolIds"] = new JsonArray([.. tools.Select(t => JsonValue.Create(t))]) };

    /// <summary>A valid body with one field set to a raw JSON value (added if the body lacks it).</summary>
    private static string With(JsonObject body, string field, string json)
    {
        body[field] = JsonNode.Parse(json);
        return body.ToJsonString();
    }

    /// <summary>Runs the check for every case; a failure names its case.</summary>
    private static async Task Each<T>(IEnumerable<T> cases, Func<T, Task> check)
    {
        foreach (var c in cases)
        {
            try
            {
                await check(c);
            }
            catch (Exception e)
            {
                var shown = c?.ToString() ?? "null";
                throw new XunitException($"Case {(shown.Length > 80 ? shown[..80] + "…" : shown)}: {e.Message}", e);
            }
        }
    }

    private async Task<JsonNode> Rejected(HttpMethod method, string url, string? token, string? body, int status = 400) =>
        await Problem.Read(await Api.Send(method, url, token, body, status), status);

    /// <summary>A validation problem whose errors name exactly these fields, each with a message.</summary>
    private static void AssertFieldErrors(JsonNode problem, params string[] fields)
    {
        Assert.Equal(Problem.Type("validation"), (string)problem["type"]!);
        Assert.Equal(fields.Order(), problem["errors"]!.AsObject().Select(x => x.Key).Order());
        Assert.All(problem["errors"]!.AsObject(), x => Assert.NotEmpty(x.Value!.AsArray()));
    }

    /// <summary>A body the JSON reader refused, with a detail that says what or where.</summary>
    private static void AssertUnreadable(JsonNode problem, string? mentions = null)
    {
        Assert.Equal(Problem.Type("unreadable-body"), (string)problem["type"]!);
        var detail = (string?)problem["detail"];
        Assert.False(string.IsNullOrWhiteSpace(detail));
        // The client learns what to fix, not how the server is built.
        Assert.DoesNotContain("Panel.", detail);
        if (mentions is null) return;

        var field = mentions.StartsWith("$.") ? mentions[2..] : mentions;
        Assert.Contains(field, detail, StringComparison.OrdinalIgnoreCase);
        // An array item is named by its index too: toolIds[0].
        Assert.Contains(problem["errors"]!.AsObject(), x => x.Key.StartsWith(field, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<string> Tools(Person editor) => (await Api.Get("/api/tools", editor.Token)).ToJsonString();

    private async Task<string> Comparisons(Person editor) => (await Api.Get("/api/comparisons", editor.Token)).ToJsonString();

    private async Task<string> History(PanelSetup panel) => (await Api.History(panel.Editor, panel.Id)).ToJsonString();

    private async Task<int> Users() => (await Api.Get("/api/users", Scenarios.Admin)).AsArray().Count;

    private static string VerdictUrl(PanelSetup panel) => $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}";

    private async Task<(Person Editor, List<Guid> Tools)> Catalogue(int count)
    {
        var editor = await Api.User("Editor");
        var tools = new List<Guid>();
        for (var i = 0; i < count; i++) tools.Add(await Api.Tool(editor, $"Tool {(char)('A' + i)}"));
        return (editor, tools);
    }

    // ---- POST /api/tools ----

    [Fact]
    public async Task a_tool_body_that_is_not_a_json_object_is_refused()
    {
        var editor = await Api.User("Editor");

        await Each(["{\"name\":", "{", "not json", "{\"name\":\"Gemma\",}", "{'name':'Gemma'}", "[]", "\"Gemma\"", "42", "true", ""],
            async body =>
            {
                AssertUnreadable(await Rejected(HttpMethod.Post, "/api/tools", editor.Token, body));
                Assert.Equal("[]", await Tools(editor));
            });
    }

    [Fact]
    public async Task a_tool_without_any_body_is_refused()
    {
        var editor = await Api.User("Editor");

        AssertUnreadable(await Rejected(HttpMethod.Post, "/api/tools", editor.Token, null));

        Assert.Equal("[]", await Tools(editor));
    }

    [Fact]
    public async Task a_tool_body_of_json_null_is_refused_naming_the_body()
    {
        var editor = await Api.User("Editor");

        var problem = await Rejected(HttpMethod.Post, "/api/tools", editor.Token, "null");

        AssertFieldErrors(problem, "body");
        Assert.Equal("[]", await Tools(editor));
    }

    [Fact]
    public async Task a_tool_field_the_contract_does_not_have_is_refused_naming_it()
    {
        var editor = await Api.User("Editor");

        await Each(["id", "nameKey", "registeredAt", "version", "vendorUrl"], async field =>
        {
            AssertUnreadable(await Rejected(HttpMethod.Post, "/api/tools", editor.Token, With(ValidTool(), field, "\"x\"")), mentions: field);
            Assert.Equal("[]", await Tools(editor));
        });
    }

    [Theory]
    [InlineData("name")]
    [InlineData("Name")]
    public async Task a_tool_field_sent_twice_is_refused(string again)
    {
        // Otherwise the last one silently wins; names match regardless of case.
        var editor = await Api.User("Editor");
        var body = ValidTool().ToJsonString().Replace("\"name\":\"Gemma 4\"", $"\"name\":\"Gemma 4\",\"{again}\":\"Something else\"");

        AssertUnreadable(await Rejected(HttpMethod.Post, "/api/tools", editor.Token, body), mentions: "name");

        Assert.Equal("[]", await Tools(editor));
    }

    [Fact]
    public async Task a_tool_field_of_the_wrong_type_is_refused_naming_its_path()
    {
        var editor = await Api.User("Editor");

        await Each(
            [("entryTier", "3"), ("entryTier", "[\"Free\"]"), ("name", "5"), ("name", "true"), ("name", "{}"), ("name", "[\"Gemma\"]"), ("pricingRead", "1.5")],
            async c =>
            {
                AssertUnreadable(await Rejected(HttpMethod.Post, "/api/tools", editor.Token, With(ValidTool(), c.Item1, c.Item2)), mentions: "$." + c.Item1);
                Assert.Equal("[]", await Tools(editor));
            });
    }

    [Fact]
    public async Task an_entry_tier_that_is_not_one_of_the_four_is_refused()
    {
        var editor = await Api.User("Editor");

        await Each(["Cheap", "", "2", "Free, Paid", "Freemium,Paid", "Free|Paid"], async tier =>
        {
            var body = With(ValidTool(), "entryTier", JsonValue.Create(tier).ToJsonString());
            AssertUnreadable(await Rejected(HttpMethod.Post, "/api/tools", editor.Token, body), mentions: "$.entryTier");
            Assert.Equal("[]", await Tools(editor));
        });
    }

    [Fact]
    public async Task a_tool_missing_every_field_is_refused_naming_each_one()
    {
        var editor = await Api.User("Editor");

        var problem = await Rejected(HttpMethod.Post, "/api/tools", editor.Token, "{}");

        AssertFieldErrors(problem, "name", "vendor", "category", "tagline", "description", "entryTier", "pricingRead");
        Assert.Equal("[]", await Tools(editor));
    }

    [Fact]
    public async Task a_tool_missing_some_fields_is_refused_naming_just_those()
    {
        var editor = await Api.User("Editor");
        var body = ValidTool();
        body.Remove("vendor");
        body.Remove("entryTier");

        var problem = await Rejected(HttpMethod.Post, "/api/tools", editor.Token, body.ToJsonString());

        AssertFieldErrors(problem, "vendor", "entryTier");
        Assert.Equal("[]", await Tools(editor));
    }

    [Fact]
    public async Task a_blank_tool_field_is_refused_naming_it()
    {
        var editor = await Api.User("Editor");

        await Each(
            [("name", "null"), ("name", "\"   \""), ("vendor", "\"\""), ("category", "null"), ("tagline", "\"\\t\""),
             ("description", "\"\\n\""), ("entryTier", "null"), ("pricingRead", "\" \"")],
            async c =>
            {
                AssertFieldErrors(await Rejected(HttpMethod.Post, "/api/tools", editor.Token, With(ValidTool(), c.Item1, c.Item2)), c.Item1);
                Assert.Equal("[]", await Tools(editor));
            });
    }

    private static readonly (string Field, int Limit)[] ToolLimits =
        [("name", 100), ("vendor", 100), ("category", 60), ("tagline", 200), ("description", 4000), ("pricingRead", 300)];

    [Fact]
    public async Task a_tool_field_over_its_limit_is_refused_naming_it()
    {
        var editor = await Api.User("Editor");

        await Each(ToolLimits, async c =>
        {
            var body = ValidTool();
            body[c.Field] = new string('x', c.Limit + 1);
            AssertFieldErrors(await Rejected(HttpMethod.Post, "/api/tools", editor.Token, body.ToJsonString()), c.Field);
            Assert.Equal("[]", await Tools(editor));
        });
    }

    [Fact]
    public async Task a_tool_field_at_its_limit_is_kept_whole()
    {
        var editor = await Api.User("Editor");

        await Each(ToolLimits, async c =>
        {
            var body = ValidTool($"At the limit of {c.Field}");
            body[c.Field] = new string('x', c.Limit);
            var created = await Api.Json(HttpMethod.Post, "/api/tools", editor.Token, body.ToJsonString(), 201);
            var tool = await Api.Get($"/api/tools/{(string)created["id"]!}", editor.Token);
            Assert.Equal(c.Limit, ((string)tool[c.Field]!).Length);
        });
    }

    [Theory]
    [InlineData("Gem\0ma")]
    [InlineData("Gem\u0007ma")]
    [InlineData("Gem\u001bma")]
    [InlineData("Gem\u0085ma")]
    public async Task a_tool_name_with_a_control_character_is_refused_naming_it(string name)
    {
        var editor = await Api.User("Editor");

        var problem = await Rejected(HttpMethod.Post, "/api/tools", editor.Token, ValidTool(name).ToJsonString());

        AssertFieldErrors(problem, "name");
        Assert.Equal("[]", await Tools(editor));
    }

    [Fact]
    public async Task line_breaks_and_tabs_in_a_description_are_kept()
    {
        var editor = await Api.User("Editor");
        var body = ValidTool();
        body["description"] = "First line.\r\nSecond\tline.";

        var created = await Api.Json(HttpMethod.Post, "/api/tools", editor.Token, body.ToJsonString(), 201);

        var tool = await Api.Get($"/api/tools/{(string)created["id"]!}", editor.Token);
        Assert.Equal("First line.\r\nSecond\tline.", (string)tool["description"]!);
    }

    [Fact]
    public async Task a_tool_sent_as_plain_text_is_refused_as_an_unsupported_media_type()
    {
        var editor = await Api.User("Editor");

        var result = await Host.Scenario(s =>
        {
            s.Post.Text(ValidTool().ToJsonString()).ToUrl("/api/tools");
            s.WithRequestHeader("Authorization", "Bearer " + editor.Token);
            s.StatusCodeShouldBe(415);
        });

        var problem = await Problem.Read(result, 415);
        Assert.Equal(Problem.Type("unsupported-media-type"), (string)problem["type"]!);
        Assert.Equal("[]", await Tools(editor));
    }

    [Fact]
    public async Task a_method_a_route_does_not_take_is_a_panel_problem()
    {
        var result = await Host.Scenario(s =>
        {
            s.Delete.Url("/api/scorecards");
            s.StatusCodeShouldBe(405);
        });

        var problem = await Problem.Read(result, 405);
        Assert.Equal(Problem.Type("method-not-allowed"), (string)problem["type"]!);
    }

    [Fact]
    public async Task a_deeply_nested_tool_body_is_refused()
    {
        var editor = await Api.User("Editor");

        var problem = await Rejected(HttpMethod.Post, "/api/tools", editor.Token,
            With(ValidTool(), "name", new string('[', 40) + new string(']', 40)));

        AssertUnreadable(problem);
        Assert.Equal("[]", await Tools(editor));
    }

    // ---- POST /api/comparisons ----

    [Fact]
    public async Task a_comparison_body_that_is_not_a_json_object_is_refused()
    {
        var (editor, _) = await Catalogue(2);

        await Each(["{\"title\":", "[]", "\"A versus B\"", "", "{\"title\":\"t\" \"toolIds\":[]}"], async body =>
        {
            AssertUnreadable(await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, body));
            Assert.Equal("[]", await Comparisons(editor));
        });
    }

    [Fact]
    public async Task a_comparison_body_of_json_null_is_refused_naming_the_body()
    {
        var (editor, _) = await Catalogue(2);

        var problem = await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, "null");

        AssertFieldErrors(problem, "body");
        Assert.Equal("[]", await Comparisons(editor));
    }

    [Fact]
    public async Task a_comparison_field_the_contract_does_not_have_is_refused_naming_it()
    {
        var (editor, tools) = await Catalogue(2);

        await Each(["tools", "id", "openedBy", "seats"], async field =>
        {
            AssertUnreadable(await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, With(ValidComparison(tools), field, "[]")), mentions: field);
            Assert.Equal("[]", await Comparisons(editor));
        });
    }

    [Fact]
    public async Task a_comparison_field_of_the_wrong_type_is_refused_naming_its_path()
    {
        var (editor, tools) = await Catalogue(2);

        await Each(
            [("toolIds", "\"x\""), ("toolIds", "5"), ("toolIds", "{}"), ("toolIds", "[\"nope\", \"nada\"]"), ("toolIds", "[1, 2]"),
             ("toolIds", "[null, null]"), ("title", "5"), ("title", "[\"A\"]")],
            async c =>
            {
                AssertUnreadable(await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, With(ValidComparison(tools), c.Item1, c.Item2)), mentions: "$." + c.Item1);
                Assert.Equal("[]", await Comparisons(editor));
            });
    }

    [Fact]
    public async Task a_comparison_missing_its_fields_is_refused_naming_each_one()
    {
        var (editor, _) = await Catalogue(2);

        var problem = await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, "{}");

        AssertFieldErrors(problem, "title", "toolIds");
        Assert.Equal("[]", await Comparisons(editor));
    }

    [Fact]
    public async Task a_comparison_of_fewer_than_two_or_more_than_four_tools_is_refused()
    {
        var (editor, tools) = await Catalogue(5);

        await Each([0, 1, 5], async count =>
        {
            AssertFieldErrors(await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, ValidComparison(tools.Take(count)).ToJsonString()), "toolIds");
            Assert.Equal("[]", await Comparisons(editor));
        });
    }

    [Fact]
    public async Task two_to_four_tools_open_a_comparison()
    {
        var (editor, tools) = await Catalogue(4);

        await Each([2, 3, 4], async count =>
        {
            var created = await Api.Json(HttpMethod.Post, "/api/comparisons", editor.Token, ValidComparison(tools.Take(count)).ToJsonString(), 201);
            var comparison = await Api.Get($"/api/comparisons/{(string)created["id"]!}", editor.Token);
            Assert.Equal(tools.Take(count), comparison["tools"]!.AsArray().Select(t => Guid.Parse((string)t!["toolId"]!)));
        });
    }

    [Fact]
    public async Task a_comparison_naming_a_tool_twice_or_the_empty_id_is_refused()
    {
        var (editor, tools) = await Catalogue(2);

        await Each([new[] { tools[0], tools[1], tools[0] }, [tools[0], tools[0]], [tools[0], Guid.Empty]], async ids =>
        {
            AssertFieldErrors(await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, ValidComparison(ids).ToJsonString()), "toolIds");
            Assert.Equal("[]", await Comparisons(editor));
        });
    }

    [Fact]
    public async Task a_comparison_of_unknown_tools_is_not_found_and_names_them()
    {
        var (editor, tools) = await Catalogue(2);
        var unknown = Guid.NewGuid();

        var problem = await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, ValidComparison([tools[0], unknown]).ToJsonString(), 404);

        Assert.Equal(Problem.Type("not-found"), (string)problem["type"]!);
        Assert.Equal([unknown], problem["unknownToolIds"]!.AsArray().Select(x => Guid.Parse((string)x!)));
        Assert.Equal("[]", await Comparisons(editor));
    }

    [Fact]
    public async Task a_comparison_title_that_is_blank_or_over_200_characters_is_refused()
    {
        var (editor, tools) = await Catalogue(2);

        await Each(["", "   ", null, new string('t', 201)], async title =>
        {
            var body = ValidComparison(tools);
            body["title"] = title;
            AssertFieldErrors(await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, body.ToJsonString()), "title");
            Assert.Equal("[]", await Comparisons(editor));
        });
    }

    [Fact]
    public async Task every_wrong_field_of_a_comparison_is_named_at_once()
    {
        var (editor, tools) = await Catalogue(2);

        var problem = await Rejected(HttpMethod.Post, "/api/comparisons", editor.Token, ValidComparison([tools[0]], title: "").ToJsonString());

        AssertFieldErrors(problem, "title", "toolIds");
    }

    // ---- PUT /api/comparisons/{id}/verdicts/{toolId} ----

    [Fact]
    public async Task a_verdict_body_that_is_not_a_json_object_is_refused()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        await Each(["{\"decision\":", "{\"decision\":\"Ship\"", "[]", "\"Ship\"", "", "{\"decision\":\"Ship\",\"quote\":\"a\\ud800\"}"], async body =>
        {
            AssertUnreadable(await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, body));
            Assert.Equal(before, await History(panel));
        });
    }

    [Fact]
    public async Task a_verdict_without_any_body_is_refused()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        AssertUnreadable(await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, null));

        Assert.Equal(before, await History(panel));
    }

    [Fact]
    public async Task a_verdict_body_of_json_null_is_refused_naming_the_body()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        var problem = await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, "null");

        AssertFieldErrors(problem, "body");
        Assert.Equal(before, await History(panel));
    }

    [Fact]
    public async Task a_verdict_naming_its_reviewer_in_the_body_is_refused()
    {
        // The reviewer comes from the credential, never from the body: not even another seated reviewer's id is taken.
        var panel = await Api.Panel(reviewers: 2);
        var before = await History(panel);

        await Each([panel.Reviewers[1].Id, panel.Reviewers[0].Id], async id =>
        {
            var body = With(ValidVerdict(), "reviewerId", $"\"{id}\"");
            AssertUnreadable(await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, body), mentions: "reviewerId");
            Assert.Equal(before, await History(panel));
        });
    }

    [Fact]
    public async Task a_verdict_field_the_contract_does_not_have_is_refused_naming_it()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        await Each(["comparisonId", "toolId", "at", "revisions", "editedQuote", "withdrawn"], async field =>
        {
            AssertUnreadable(await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, With(ValidVerdict(), field, "null")), mentions: field);
            Assert.Equal(before, await History(panel));
        });
    }

    [Fact]
    public async Task a_verdict_field_of_the_wrong_type_is_refused_naming_its_path()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        await Each(
            [("decision", "true"), ("decision", "0"), ("decision", "1"), ("decision", "[\"Ship\"]"), ("quote", "5"),
             ("quote", "[\"Good\"]"), ("note", "{}"), ("reason", "false")],
            async c =>
            {
                AssertUnreadable(await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, With(ValidVerdict(), c.Item1, c.Item2)), mentions: "$." + c.Item1);
                Assert.Equal(before, await History(panel));
            });
    }

    [Fact]
    public async Task a_decision_other_than_ship_or_skip_is_refused()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        await Each(["Maybe", "ship it", "", "0", "Ship, Skip", "Skip,Ship"], async decision =>
        {
            var body = With(ValidVerdict(), "decision", JsonValue.Create(decision).ToJsonString());
            AssertUnreadable(await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, body), mentions: "$.decision");
            Assert.Equal(before, await History(panel));
        });
    }

    [Fact]
    public async Task a_verdict_without_decision_and_quote_is_refused_naming_both()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        await Each(["{}", "{\"decision\":null,\"quote\":\"  \"}", "{\"note\":\"private\",\"reason\":\"why\"}"], async body =>
        {
            AssertFieldErrors(await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, body), "decision", "quote");
            Assert.Equal(before, await History(panel));
        });
    }

    [Fact]
    public async Task a_verdict_field_over_its_limit_or_holding_a_nul_is_refused_naming_it()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        await Each(
            [("quote", new string('q', 2001)), ("note", new string('n', 2001)), ("reason", new string('r', 501)), ("quote", "Ship\0it"), ("note", "\0")],
            async c =>
            {
                var body = ValidVerdict();
                body[c.Item1] = c.Item2;
                AssertFieldErrors(await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, body.ToJsonString()), c.Item1);
                Assert.Equal(before, await History(panel));
            });
    }

    [Fact]
    public async Task a_quote_of_exactly_2000_characters_is_kept_whole()
    {
        var panel = await Api.Panel(reviewers: 1);
        var quote = new string('q', 2000);

        var verdict = await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship", quote);

        Assert.Equal(quote, (string)verdict["quote"]!);
    }

    [Fact]
    public async Task a_revision_without_a_reason_is_refused_and_the_first_verdict_stands()
    {
        var panel = await Api.Panel(reviewers: 1);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship", "First take.");
        var before = await History(panel);

        var problem = await Rejected(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token,
            new JsonObject { ["decision"] = "Skip", ["quote"] = "Second take." }.ToJsonString());

        AssertFieldErrors(problem, "reason");
        Assert.Equal(before, await History(panel));
    }

    [Fact]
    public async Task a_verdict_on_a_route_id_that_is_not_a_guid_is_not_found()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        await Each(
            [$"/api/comparisons/{panel.Id}/verdicts/not-a-guid", $"/api/comparisons/not-a-guid/verdicts/{panel.Tools[0]}",
             $"/api/comparisons/123/verdicts/{panel.Tools[0]}", $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}x"],
            async url =>
            {
                await Rejected(HttpMethod.Put, url, panel.Reviewers[0].Token, ValidVerdict().ToJsonString(), 404);
                Assert.Equal(before, await History(panel));
            });
    }

    [Fact]
    public async Task a_verdict_on_an_unknown_comparison_or_a_tool_outside_it_is_not_found()
    {
        var panel = await Api.Panel(reviewers: 1);
        var outsider = await Api.Tool(panel.Editor, "Not on this panel");
        var before = await History(panel);

        await Each(
            [$"/api/comparisons/{Guid.NewGuid()}/verdicts/{panel.Tools[0]}", $"/api/comparisons/{Guid.Empty}/verdicts/{panel.Tools[0]}",
             $"/api/comparisons/{panel.Id}/verdicts/{outsider}", $"/api/comparisons/{panel.Id}/verdicts/{Guid.Empty}"],
            async url =>
            {
                var problem = await Rejected(HttpMethod.Put, url, panel.Reviewers[0].Token, ValidVerdict().ToJsonString(), 404);
                Assert.Equal(Problem.Type("not-found"), (string)problem["type"]!);
                Assert.Equal(before, await History(panel));
            });
    }

    // ---- Other routes ----

    [Fact]
    public async Task a_route_id_of_the_wrong_shape_is_not_found()
    {
        var editor = await Api.User("Editor");

        await Each(
            [("GET", "/api/tools/not-a-guid", editor.Token), ("PUT", "/api/tools/not-a-guid/pricing", editor.Token),
             ("POST", "/api/users/not-a-guid/token", Scenarios.Admin), ("GET", "/api/comparisons/not-a-guid", editor.Token),
             ("GET", "/api/comparisons/not-a-guid/history", editor.Token), ("GET", "/api/comparisons/not-a-guid/scorecard", editor.Token),
             ("POST", "/api/comparisons/not-a-guid/seats", editor.Token), ("POST", "/api/comparisons/not-a-guid/publications", editor.Token),
             ("GET", "/api/scorecards/not-a-guid", null), ("GET", $"/api/scorecards/{Guid.NewGuid()}/versions/first", null)],
            async c => await Rejected(new HttpMethod(c.Item1), c.Item2, c.Item3, c.Item1 == "GET" ? null : "{}", 404));
    }

    [Fact]
    public async Task a_scorecard_time_that_is_not_a_time_is_refused()
    {
        var panel = await Api.Panel(reviewers: 1);

        var problem = await Rejected(HttpMethod.Get, $"/api/comparisons/{panel.Id}/scorecard?at=yesterday", panel.Editor.Token, null);

        AssertFieldErrors(problem, "at");
        Assert.Contains("'at'", (string)problem["detail"]!);
    }

    [Fact]
    public async Task a_user_body_the_contract_does_not_allow_is_refused()
    {
        await Each(
            ["{\"name\":\"Eve\",\"role\":\"Boss\"}", "{\"name\":\"Eve\",\"role\":\"Editor, Admin\"}", "{\"name\":\"Eve\",\"role\":2}",
             "{\"name\":\"Eve\",\"role\":\"Reviewer\",\"token\":\"my-own-token\"}", "{\"name\":\"Eve\",\"role\":\"Reviewer\",\"tokenHash\":\"00\"}",
             "{\"name\":\"Eve\",\"role\":\"Reviewer\",\"id\":\"5d1e0000-0000-4000-8000-000000000001\"}", "{\"name\":", ""],
            async body =>
            {
                AssertUnreadable(await Rejected(HttpMethod.Post, "/api/users", Scenarios.Admin, body));
                Assert.Equal(0, await Users());
            });
    }

    [Fact]
    public async Task a_user_with_missing_or_overlong_fields_is_refused_naming_them()
    {
        await Each(
            [("{}", new[] { "name", "role" }), ("{\"name\":\" \",\"role\":\"Reviewer\"}", ["name"]), ("{\"name\":\"Eve\",\"role\":null}", ["role"]),
             ("null", ["body"]), ($"{{\"name\":\"{new string('n', 101)}\",\"role\":\"Reviewer\"}}", ["name"])],
            async c =>
            {
                AssertFieldErrors(await Rejected(HttpMethod.Post, "/api/users", Scenarios.Admin, c.Item1), c.Item2);
                Assert.Equal(0, await Users());
            });
    }

    [Fact]
    public async Task a_seat_the_contract_does_not_allow_is_refused()
    {
        var panel = await Api.Panel(reviewers: 1);
        var newcomer = await Api.User("Reviewer");
        var before = await History(panel);

        await Each(
            [("{\"reviewerId\":\"x\",\"angle\":\"buyer\"}", null), ($"{{\"reviewerId\":\"{Guid.Empty}\",\"angle\":\"buyer\"}}", "reviewerId"),
             ("{\"angle\":\"buyer\"}", "reviewerId"), ($"{{\"reviewerId\":\"{newcomer.Id}\"}}", "angle"),
             ($"{{\"reviewerId\":\"{newcomer.Id}\",\"angle\":\"{new string('a', 61)}\"}}", "angle"),
             ($"{{\"reviewerId\":\"{newcomer.Id}\",\"angle\":\"buyer\",\"seatedAt\":\"2026-01-01T00:00:00Z\"}}", null),
             ($"{{\"reviewerId\":\"{panel.Editor.Id}\",\"angle\":\"buyer\"}}", "reviewerId")],
            async c =>
            {
                var problem = await Rejected(HttpMethod.Post, $"/api/comparisons/{panel.Id}/seats", panel.Editor.Token, c.Item1);
                if (c.Item2 is null) AssertUnreadable(problem);
                else AssertFieldErrors(problem, c.Item2);
                Assert.Equal(before, await History(panel));
            });
    }

    [Fact]
    public async Task seating_an_unknown_reviewer_is_not_found()
    {
        var panel = await Api.Panel(reviewers: 1);
        var before = await History(panel);

        await Rejected(HttpMethod.Post, $"/api/comparisons/{panel.Id}/seats", panel.Editor.Token,
            new JsonObject { ["reviewerId"] = Guid.NewGuid(), ["angle"] = "buyer" }.ToJsonString(), 404);

        Assert.Equal(before, await History(panel));
    }

    // ---- Never a 500 ----

    private static readonly string[] HostileBodies =
    [
        "", "null", "[]", "{", "}", "0", "-1e400", "\"x\"", "{\"\":1}", "{\"x\":1}",
        new string('[', 64) + new string(']', 64),
        "{\"name\":\"\\ud800\",\"quote\":\"\\udc00\",\"decision\":\"Ship\"}",
        "{\"name\":\"a\\u0000b\",\"title\":\"a\\u0000b\",\"quote\":\"a\\u0000b\",\"note\":\"a\\u0000b\",\"reason\":\"a\\u0000b\",\"angle\":\"a\\u0000b\",\"pricingRead\":\"a\\u0000b\"}",
        "{\"decision\":\"Ship\",\"quote\":\"" + new string('q', 100_000) + "\",\"note\":\"" + new string('n', 100_000) + "\"}",
        "{\"toolIds\":[" + string.Join(",", Enumerable.Repeat("\"5d1e0000-0000-4000-8000-000000000001\"", 1000)) + "],\"title\":\"t\"}",
    ];

    [Theory]
    [InlineData("POST", "/api/users", "Admin")]
    [InlineData("POST", "/api/tools", "Editor")]
    [InlineData("PUT", "/api/tools/{tool}/pricing", "Editor")]
    [InlineData("POST", "/api/comparisons", "Editor")]
    [InlineData("POST", "/api/comparisons/{comparison}/seats", "Editor")]
    [InlineData("PUT", "/api/comparisons/{comparison}/verdicts/{tool}", "Reviewer")]
    [InlineData("POST", "/api/comparisons/{comparison}/verdicts/{tool}/withdrawal", "Reviewer")]
    [InlineData("PUT", "/api/comparisons/{comparison}/verdicts/{tool}/reviewers/{reviewer}/quote", "Editor")]
    [InlineData("POST", "/api/comparisons/{comparison}/publications", "Editor")]
    public async Task no_hostile_body_gets_a_server_error_or_changes_anything(string method, string route, string role)
    {
        var panel = await Api.CompletedPanel("SS");
        var reviewer = panel.Reviewers[0];
        var token = role switch { "Admin" => Scenarios.Admin, "Editor" => panel.Editor.Token, _ => reviewer.Token };
        var url = route.Replace("{comparison}", panel.Id.ToString()).Replace("{tool}", panel.Tools[0].ToString())
            .Replace("{reviewer}", reviewer.Id.ToString());
        var before = await History(panel);
        var tools = await Tools(panel.Editor);

        await Each(HostileBodies, async body =>
        {
            var result = await Host.Scenario(s =>
            {
                (method == "PUT" ? s.Put : s.Post).RawJson(body).ToUrl(url);
                s.WithRequestHeader("Authorization", "Bearer " + token);
                s.IgnoreStatusCode();
            });
            var status = result.Context.Response.StatusCode;
            Assert.InRange(status, 400, 499);
            await Problem.Read(result, status);
        });
        Assert.Equal(before, await History(panel));
        Assert.Equal(tools, await Tools(panel.Editor));
    }
}
