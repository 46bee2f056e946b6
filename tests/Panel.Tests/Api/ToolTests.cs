using System.Text.Json;
using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class ToolTests(AppFixture fixture) : ApiTest(fixture)
{
    private static object Gemma(string name = "Gemma 4", string entryTier = "Free") => new
    {
        name,
        vendor = "Google DeepMind",
        category = "Open-weight model",
        tagline = "Open weights you can run anywhere",
        description = "A family of open-weight models for local and hosted inference.",
        entryTier,
        pricingRead = "Free weights; pay for your own compute."
    };

    private async Task<Guid> Register(Person editor, object body)
    {
        var created = await Api.Json(HttpMethod.Post, "/api/tools", editor.Token, body, 201);
        return Guid.Parse((string)created["id"]!);
    }

    private async Task<(JsonNode Tool, string ETag)> Read(Person who, Guid id)
    {
        var result = await Api.Send(HttpMethod.Get, $"/api/tools/{id}", who.Token, null, 200);
        return (JsonNode.Parse(await result.ReadAsTextAsync())!, result.Context.Response.Headers.ETag.ToString());
    }

    private async Task<JsonArray> List(Person who) => (await Api.Get("/api/tools", who.Token)).AsArray();

    private static DateTimeOffset Time(JsonNode node, string field) => DateTimeOffset.Parse((string)node[field]!);

    [Fact]
    public async Task registering_a_tool_answers_201_with_its_id_and_location()
    {
        var editor = await Api.User("Editor");

        var result = await Api.Send(HttpMethod.Post, "/api/tools", editor.Token, Gemma(), 201);

        var id = Guid.Parse((string)JsonNode.Parse(await result.ReadAsTextAsync())!["id"]!);
        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal($"/api/tools/{id}", result.Context.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task a_registered_tool_reads_back_with_every_field_and_an_etag()
    {
        var editor = await Api.User("Editor");
        var id = await Register(editor, Gemma(entryTier: "Freemium"));

        var (tool, etag) = await Read(editor, id);

        Assert.Equal(id, Guid.Parse((string)tool["id"]!));
        Assert.Equal("Gemma 4", (string)tool["name"]!);
        Assert.Equal("Google DeepMind", (string)tool["vendor"]!);
        Assert.Equal("Open-weight model", (string)tool["category"]!);
        Assert.Equal("Open weights you can run anywhere", (string)tool["tagline"]!);
        Assert.Equal("A family of open-weight models for local and hosted inference.", (string)tool["description"]!);
        Assert.Equal(JsonValueKind.String, tool["entryTier"]!.GetValueKind());
        Assert.Equal("Freemium", (string)tool["entryTier"]!);
        Assert.Equal("Free weights; pay for your own compute.", (string)tool["pricingRead"]!);
        // The first pricing read is dated when the tool was registered.
        Assert.Equal(Time(tool, "registeredAt"), Time(tool, "pricedAt"));
        Assert.Equal("\"1\"", etag);
        // The unique-name lookup key is the store's business, not the client's.
        Assert.Null(tool["nameKey"]);
    }

    [Fact]
    public async Task a_reviewer_reads_tools_too()
    {
        var editor = await Api.User("Editor");
        var reviewer = await Api.User("Reviewer");
        var id = await Register(editor, Gemma());

        var (tool, _) = await Read(reviewer, id);

        Assert.Equal("Gemma 4", (string)tool["name"]!);
    }

    [Fact]
    public async Task text_fields_are_stored_trimmed()
    {
        var editor = await Api.User("Editor");
        var id = await Register(editor, new
        {
            name = "  Gemma 4 ",
            vendor = " Google DeepMind",
            category = "Open-weight model\t",
            tagline = " Open ",
            description = "\nWeights.\n",
            entryTier = "Free",
            pricingRead = " Free. "
        });

        var (tool, _) = await Read(editor, id);

        Assert.Equal(["Gemma 4", "Google DeepMind", "Open-weight model", "Open", "Weights.", "Free."],
            new[] { "name", "vendor", "category", "tagline", "description", "pricingRead" }.Select(f => (string)tool[f]!));
    }

    [Theory]
    [InlineData("Free")]
    [InlineData("Freemium")]
    [InlineData("Paid")]
    [InlineData("Enterprise")]
    public async Task every_entry_tier_is_accepted(string tier)
    {
        var editor = await Api.User("Editor");

        var id = await Register(editor, Gemma(entryTier: tier));

        Assert.Equal(tier, (string)(await Read(editor, id)).Tool["entryTier"]!);
    }

    [Theory]
    [InlineData("GEMMA 4")]
    [InlineData("gemma 4")]
    [InlineData("  Gemma 4  ")]
    public async Task a_name_taken_in_any_letter_case_is_a_conflict(string name)
    {
        var editor = await Api.User("Editor");
        var first = await Register(editor, Gemma("Gemma 4"));

        var result = await Api.Send(HttpMethod.Post, "/api/tools", editor.Token, Gemma(name), 409);

        var problem = await Problem.Read(result, 409);
        Assert.EndsWith("/duplicate-tool", (string)problem["type"]!);
        var tools = await List(editor);
        Assert.Equal(first, Guid.Parse((string)Assert.Single(tools)!["id"]!));
    }

    [Fact]
    public async Task the_tool_list_is_ordered_by_name()
    {
        var editor = await Api.User("Editor");
        await Register(editor, Gemma("ml-intern"));
        await Register(editor, Gemma("Gemma 4"));
        await Register(editor, Gemma("Claude Code"));

        var names = (await List(editor)).Select(t => (string)t!["name"]!);

        Assert.Equal(["Claude Code", "Gemma 4", "ml-intern"], names);
    }

    [Fact]
    public async Task repricing_changes_the_tier_and_read_and_dates_them_anew()
    {
        var editor = await Api.User("Editor");
        var id = await Register(editor, Gemma(entryTier: "Free"));
        var (before, _) = await Read(editor, id);

        var answer = await Api.Json(HttpMethod.Put, $"/api/tools/{id}/pricing", editor.Token,
            new { entryTier = "Paid", pricingRead = "  $20 a month per seat. " }, 200);

        var (after, etag) = await Read(editor, id);
        Assert.Equal("Paid", (string)after["entryTier"]!);
        Assert.Equal("$20 a month per seat.", (string)after["pricingRead"]!);
        Assert.True(Time(after, "pricedAt") > Time(before, "pricedAt"));
        Assert.Equal(Time(before, "registeredAt"), Time(after, "registeredAt"));
        Assert.Equal("Gemma 4", (string)after["name"]!);
        Assert.Equal("\"2\"", etag);
        Assert.Equal("Paid", (string)answer["entryTier"]!);
    }

    [Fact]
    public async Task repricing_with_a_stale_if_match_is_refused_and_changes_nothing()
    {
        var editor = await Api.User("Editor");
        var id = await Register(editor, Gemma(entryTier: "Free"));
        await Api.Send(HttpMethod.Put, $"/api/tools/{id}/pricing", editor.Token, new { entryTier = "Freemium", pricingRead = "A free tier." }, 200);

        var result = await Api.Send(HttpMethod.Put, $"/api/tools/{id}/pricing", editor.Token,
            new { entryTier = "Enterprise", pricingRead = "Call sales." }, 412, ifMatch: "\"1\"");

        var problem = await Problem.Read(result, 412);
        Assert.Equal(Problem.Type("stale-version"), (string)problem["type"]!);
        Assert.Equal(2, (int)problem["currentVersion"]!);
        Assert.Equal("Freemium", (string)(await Read(editor, id)).Tool["entryTier"]!);
    }

    [Fact]
    public async Task repricing_with_the_current_if_match_succeeds()
    {
        var editor = await Api.User("Editor");
        var id = await Register(editor, Gemma(entryTier: "Free"));

        var result = await Api.Send(HttpMethod.Put, $"/api/tools/{id}/pricing", editor.Token,
            new { entryTier = "Enterprise", pricingRead = "Call sales." }, 200, ifMatch: "\"1\"");

        Assert.Equal("\"2\"", result.Context.Response.Headers.ETag.ToString());
        Assert.Equal("Enterprise", (string)(await Read(editor, id)).Tool["entryTier"]!);
    }

    [Fact]
    public async Task a_comparison_keeps_the_pricing_it_was_opened_with()
    {
        var editor = await Api.User("Editor");
        var gemma = await Register(editor, Gemma("Gemma 4", "Free"));
        var other = await Register(editor, Gemma("ml-intern", "Free"));
        var before = await Api.Comparison(editor, "Before repricing", [gemma, other]);

        await Api.Send(HttpMethod.Put, $"/api/tools/{gemma}/pricing", editor.Token, new { entryTier = "Paid", pricingRead = "Now paid." }, 200);
        var after = await Api.Comparison(editor, "After repricing", [gemma, other]);

        var old = (await Api.Get($"/api/comparisons/{before}", editor.Token))["tools"]![0]!;
        var current = (await Api.Get($"/api/comparisons/{after}", editor.Token))["tools"]![0]!;
        Assert.Equal(["Free", "Free weights; pay for your own compute."], new[] { (string)old["entryTier"]!, (string)old["pricingRead"]! });
        Assert.Equal(["Paid", "Now paid."], new[] { (string)current["entryTier"]!, (string)current["pricingRead"]! });
    }

    [Fact]
    public async Task an_unknown_tool_is_not_found()
    {
        var editor = await Api.User("Editor");

        var result = await Api.Send(HttpMethod.Get, $"/api/tools/{Guid.NewGuid()}", editor.Token, null, 404);

        var problem = await Problem.Read(result, 404);
        Assert.Equal(Problem.Type("not-found"), (string)problem["type"]!);
    }

    [Theory]
    [InlineData("5d1e0000-0000-4000-8000-000000000404")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task repricing_an_unknown_tool_is_not_found_and_creates_nothing(string id)
    {
        var editor = await Api.User("Editor");

        var result = await Api.Send(HttpMethod.Put, $"/api/tools/{id}/pricing", editor.Token, new { entryTier = "Paid", pricingRead = "x" }, 404);

        var problem = await Problem.Read(result, 404);
        Assert.Equal(Problem.Type("not-found"), (string)problem["type"]!);
        Assert.Empty(await List(editor));
    }
}
