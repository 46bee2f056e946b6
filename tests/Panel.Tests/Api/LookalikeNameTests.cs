using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;
using Xunit.Sdk;

namespace Panel.Tests.Api;

/// <summary>
/// Names as people read them: a lookalike of a tool's name (another case, spacing, accent form or alphabet)
/// is that name again, and characters that show nothing or reorder the text are refused where names and
/// titles are written. Cases that share a setup run in one test, naming the case that fails.
/// </summary>
public class LookalikeNameTests(AppFixture fixture) : ApiTest(fixture)
{
    private BrowserSession Browser() => new(Host);

    private static JsonObject Tool(string name, string vendor = "Acme", string description = "Does one thing well.") => new()
    {
        ["name"] = name,
        ["vendor"] = vendor,
        ["category"] = "Developer Tools",
        ["tagline"] = "One thing, well",
        ["description"] = description,
        ["entryTier"] = "Free",
        ["pricingRead"] = "Free to start."
    };

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
                var shown = string.Concat((c?.ToString() ?? "null").Select(x => x is >= ' ' and <= '~' ? x.ToString() : $"\\u{(int)x:X4}"));
                throw new XunitException($"Case {shown}: {e.Message}", e);
            }
        }
    }

    private async Task<JsonArray> Tools(Person editor) => (await Api.Get("/api/tools", editor.Token)).AsArray();

    [Fact]
    public async Task a_name_that_reads_the_same_as_a_registered_one_is_a_conflict_naming_the_tool_that_holds_it()
    {
        var editor = await Api.User("Editor");
        await Api.Json(HttpMethod.Post, "/api/tools", editor.Token, Tool("Alpha Pro").ToJsonString(), 201);
        await Api.Json(HttpMethod.Post, "/api/tools", editor.Token, Tool("Café").ToJsonString(), 201);

        string[] lookalikes =
        [
            "Alpha\u00A0Pro", // no-break space
            "Alpha  Pro", // two spaces
            "Alpha\u3000Pro", // ideographic space
            "\u0410lpha Pro", // Cyrillic capital A
            "Alph\u0430 Pro", // Cyrillic small a
            "Alpha \u0420r\u043E", // Cyrillic Р and о
            "\u0391lpha Pro", // Greek capital alpha
            "\uFF21\uFF4C\uFF50\uFF48\uFF41 \uFF30\uFF52\uFF4F", // fullwidth
            "ALPHA PRO",
            "Cafe\u0301", // decomposed é
            "Cafe",
            "CAFÉ"
        ];
        await Each(lookalikes, async name =>
        {
            var problem = await Problem.Read(await Api.Send(HttpMethod.Post, "/api/tools", editor.Token, Tool(name).ToJsonString(), 409), 409);
            Assert.EndsWith("/duplicate-tool", (string)problem["type"]!);
        });
        var cyrillic = await Problem.Read(await Api.Send(HttpMethod.Post, "/api/tools", editor.Token, Tool("\u0410lpha Pro").ToJsonString(), 409), 409);
        Assert.Contains("'Alpha Pro'", (string)cyrillic["detail"]!);
        Assert.Equal(["Alpha Pro", "Café"], (await Tools(editor)).Select(t => (string)t!["name"]!).Order());
    }

    [Fact]
    public async Task rewording_a_tool_to_a_lookalike_of_another_tools_name_is_a_conflict()
    {
        var editor = await Api.User("Editor");
        await Api.Tool(editor, "Alpha");
        var beta = await Api.Tool(editor, "Beta");

        var result = await Api.Send(HttpMethod.Put, $"/api/tools/{beta}/description", editor.Token,
            new { name = "\u0410lpha", tagline = "t", description = "d" }, 409);

        Assert.EndsWith("/duplicate-tool", (string)(await Problem.Read(result, 409))["type"]!);
        Assert.Equal("Beta", (string)(await Api.Get($"/api/tools/{beta}", editor.Token))["name"]!);
    }

    [Fact]
    public async Task names_are_stored_composed_with_single_spaces()
    {
        var editor = await Api.User("Editor");
        var created = await Api.Json(HttpMethod.Post, "/api/tools", editor.Token,
            Tool("  Cafe\u0301\u00A0\u00A0\tNoir ", vendor: "Big\u2003Co").ToJsonString(), 201);

        var tool = await Api.Get($"/api/tools/{(string)created["id"]!}", editor.Token);
        Assert.Equal("Caf\u00E9 Noir", (string)tool["name"]!);
        Assert.Equal("Big Co", (string)tool["vendor"]!);
    }

    [Fact]
    public async Task invisible_bidi_and_separator_characters_in_names_and_titles_are_refused_naming_the_field()
    {
        var editor = await Api.User("Editor");
        var a = await Api.Tool(editor, "Alpha");
        var b = await Api.Tool(editor, "Beta");
        string[] characters = ["\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u2060", "\uFEFF", "\u00AD", "\u202A", "\u202E", "\u2066", "\u2069", "\u2028", "\u2029"];

        await Each(characters, async c =>
        {
            foreach (var field in new[] { "name", "vendor", "category" })
            {
                var body = Tool("Gamma");
                body[field] = $"Gam{c}ma";
                var problem = await Problem.Read(await Api.Send(HttpMethod.Post, "/api/tools", editor.Token, body.ToJsonString(), 400), 400);
                Assert.Equal(Problem.Type("validation"), (string)problem["type"]!);
                Assert.Equal([field], problem["errors"]!.AsObject().Select(x => x.Key));
            }
            var reworded = await Problem.Read(await Api.Send(HttpMethod.Put, $"/api/tools/{a}/description", editor.Token,
                new { name = $"Al{c}pha", tagline = "t", description = "d" }, 400), 400);
            Assert.NotNull(reworded["errors"]!["name"]);
            var comparison = await Problem.Read(await Api.Send(HttpMethod.Post, "/api/comparisons", editor.Token,
                new { title = $"Alpha{c} versus Beta", toolIds = new[] { a, b } }, 400), 400);
            Assert.NotNull(comparison["errors"]!["title"]);
            var person = await Problem.Read(await Api.Send(HttpMethod.Post, "/api/users", Scenarios.Admin,
                new { name = $"Ada{c} Lovelace", role = "Reviewer" }, 400), 400);
            Assert.NotNull(person["errors"]!["name"]);
        });
        Assert.Equal(2, (await Tools(editor)).Count);
        Assert.Equal("Alpha", (string)(await Api.Get($"/api/tools/{a}", editor.Token))["name"]!);
    }

    [Fact]
    public async Task prose_keeps_joiners_and_direction_marks_but_no_field_takes_bidi_overrides()
    {
        var editor = await Api.User("Editor");
        // A joiner makes one emoji of three, and a mark orders mixed-direction prose: both are text there.
        var created = await Api.Json(HttpMethod.Post, "/api/tools", editor.Token,
            Tool("Gamma", description: "Built by \U0001F469\u200D\U0001F4BB people, \u200Fעברית\u200F inside.").ToJsonString(), 201);
        Assert.Contains("\u200D", (string)(await Api.Get($"/api/tools/{(string)created["id"]!}", editor.Token))["description"]!);

        await Each(new[] { "\u202E", "\u202D", "\u2067", "\uFEFF" }, async c =>
        {
            var body = Tool("Delta");
            body["description"] = $"Reads {c}sdrawkcab.";
            var problem = await Problem.Read(await Api.Send(HttpMethod.Post, "/api/tools", editor.Token, body.ToJsonString(), 400), 400);
            Assert.Equal(["description"], problem["errors"]!.AsObject().Select(x => x.Key));
        });
        Assert.Single(await Tools(editor));
    }

    [Fact]
    public async Task the_workspace_form_puts_the_refusal_beside_the_name_and_keeps_the_input()
    {
        var editor = await Api.User("Editor");
        await Api.Tool(editor, "Alpha");
        using var browser = Browser();
        await browser.SignIn(editor.Token);
        await browser.Get("/workspace/tools");
        (string, string)[] fields =
        [
            ("vendor", "Acme"), ("category", "Developer Tools"), ("tagline", "t"), ("description", "d"), ("entryTier", "Free"), ("pricingRead", "Free.")
        ];

        var page = await browser.Post("/workspace/tools", [("name", "Al\u200Bpha 2"), .. fields]);
        Assert.Equal(400, page.Status);
        Assert.Contains("invisible characters", page.Document.QuerySelector("#tool-name-error")!.TextContent);

        page = await browser.Post("/workspace/tools", [("name", "\u0410lpha"), .. fields]);
        Assert.Equal(400, page.Status);
        Assert.Contains("reads the same as the name of the tool 'Alpha'", page.Document.QuerySelector("#tool-name-error")!.TextContent);
        Assert.Single(await Tools(editor));
    }

    [Fact]
    public async Task a_tool_stored_with_an_older_name_key_is_folded_again_on_start_and_lookalikes_of_it_are_conflicts()
    {
        var editor = await Api.User("Editor");
        var id = await Api.Tool(editor, "Café");
        // As an older version stored it: the key was the name in lower case.
        await using (var connection = new Npgsql.NpgsqlConnection(AppFixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "update panel.mt_doc_tool set data = jsonb_set(data, '{NameKey}', '\"café\"') where id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await new Panel.Tools.NameKeyBackfill(Microsoft.Extensions.Logging.Abstractions.NullLogger<Panel.Tools.NameKeyBackfill>.Instance)
            .Populate(Store, CancellationToken.None);

        await using (var session = Store.QuerySession())
        {
            Assert.Equal("cafe", (await session.LoadAsync<Panel.Tools.Tool>(id))!.NameKey);
        }
        await Api.Send(HttpMethod.Post, "/api/tools", editor.Token, Tool("Cafe").ToJsonString(), 409);
    }
}
