using System.Text.Json.Nodes;
using Alba;

namespace Panel.Tests.Infrastructure;

public sealed record Person(Guid Id, string Name, string Token);

/// <summary>A comparison with its editor, tools and seated reviewers (in seating order).</summary>
public sealed record PanelSetup(Guid Id, Person Editor, IReadOnlyList<Guid> Tools, IReadOnlyList<Person> Reviewers);

/// <summary>Named steps a client takes through the HTTP API, so tests read like the product.</summary>
public sealed class Scenarios(IAlbaHost host)
{
    public const string Admin = AppFixture.AdminKey;

    /// <summary>When set, every answer these steps receive is kept here (to be checked against the served document).</summary>
    public List<Answer>? Recorded { get; init; }

    private async Task<IScenarioResult> Scenario(Action<Scenario> configure)
    {
        var result = await host.Scenario(configure);
        if (Recorded is not null)
        {
            var request = result.Context.Request;
            Recorded.Add(new Answer(request.Method, request.Path, result.Context.Response.StatusCode,
                result.Context.Response.ContentType, await result.ReadAsTextAsync()));
        }
        return result;
    }

    /// <summary>Sends a request and checks its status; a null body sends none, a string body is sent raw.</summary>
    public Task<IScenarioResult> Send(HttpMethod method, string url, string? token, object? body, int status, string? ifMatch = null) =>
        Scenario(s =>
        {
            var send = method.Method switch
            {
                "GET" => s.Get,
                "POST" => s.Post,
                "PUT" => s.Put,
                "DELETE" => s.Delete,
                _ => throw new ArgumentOutOfRangeException(nameof(method))
            };
            switch (body)
            {
                case null: send.Url(url); break;
                case string raw: send.RawJson(raw).ToUrl(url); break;
                default: send.Json(body).ToUrl(url); break;
            }
            if (token is not null) s.WithRequestHeader("Authorization", "Bearer " + token);
            if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
            s.StatusCodeShouldBe(status);
        });

    public async Task<JsonNode> Json(HttpMethod method, string url, string? token, object? body, int status, string? ifMatch = null)
    {
        var result = await Send(method, url, token, body, status, ifMatch);
        var text = await result.ReadAsTextAsync();
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public Task<JsonNode> Get(string url, string? token = null, int status = 200) => Json(HttpMethod.Get, url, token, null, status);

    public async Task<Person> User(string role, string? name = null)
    {
        name ??= $"{role} {Guid.NewGuid():N}"[..20];
        var created = await Json(HttpMethod.Post, "/api/users", Admin, new { name, role }, 201);
        return new Person(Guid.Parse((string)created["id"]!), name, (string)created["token"]!);
    }

    public async Task<Guid> Tool(Person editor, string name, string entryTier = "Free")
    {
        var created = await Json(HttpMethod.Post, "/api/tools", editor.Token, new
        {
            name,
            vendor = name + " Inc.",
            category = "Developer Tools",
            tagline = $"{name} does one thing well",
            description = $"{name}, described at length.",
            entryTier,
            pricingRead = "Free to start."
        }, 201);
        return Guid.Parse((string)created["id"]!);
    }

    public async Task<Guid> Comparison(Person editor, string title, IEnumerable<Guid> tools)
    {
        var created = await Json(HttpMethod.Post, "/api/comparisons", editor.Token, new { title, toolIds = tools.ToArray() }, 201);
        return Guid.Parse((string)created["id"]!);
    }

    public Task<JsonNode> Seat(Person editor, Guid comparison, Person reviewer, string angle, int status = 200) =>
        Json(HttpMethod.Post, $"/api/comparisons/{comparison}/seats", editor.Token, new { reviewerId = reviewer.Id, angle }, status);

    public Task<JsonNode> Verdict(Person reviewer, Guid comparison, Guid tool, string decision, string? quote = null,
        string? reason = null, int status = 200, string? ifMatch = null) =>
        Json(HttpMethod.Put, $"/api/comparisons/{comparison}/verdicts/{tool}", reviewer.Token,
            new { decision, quote = quote ?? $"{decision} because reasons.", reason }, status, ifMatch);

    /// <summary>
    /// Publishes as an editor does: writes the editor's verdict first if there is none yet (publication
    /// requires one), then publishes. Whether the caller may do either is the POST's answer to judge.
    /// </summary>
    public async Task<JsonNode> Publish(Person editor, Guid comparison, string? note = null, int status = 201)
    {
        var details = await Scenario(s =>
        {
            s.Get.Url($"/api/comparisons/{comparison}");
            s.WithRequestHeader("Authorization", "Bearer " + editor.Token);
            s.IgnoreStatusCode();
        });
        var text = await details.ReadAsTextAsync();
        if (details.Context.Response.StatusCode == 200 && JsonNode.Parse(text)!["editorsVerdict"] is null)
        {
            await Scenario(s =>
            {
                s.Put.Json(new { bottomLine = BottomLine }).ToUrl($"/api/comparisons/{comparison}/editors-verdict");
                s.WithRequestHeader("Authorization", "Bearer " + editor.Token);
                s.IgnoreStatusCode();
            });
        }
        return await Json(HttpMethod.Post, $"/api/comparisons/{comparison}/publications", editor.Token, new { note }, status);
    }

    public const string BottomLine = "The panel's bottom line: read the figures, then the quotes.";

    public Task<JsonNode> EditorsVerdict(Person editor, Guid comparison, string? bottomLine, Guid? recommendedToolId = null, int status = 200) =>
        Json(HttpMethod.Put, $"/api/comparisons/{comparison}/editors-verdict", editor.Token, new { bottomLine, recommendedToolId }, status);

    public Task<JsonNode> DeclareConflicts(Person reviewer, Guid comparison, object[] conflicts, int status = 200, Guid? seat = null) =>
        Json(HttpMethod.Put, $"/api/comparisons/{comparison}/seats/{seat ?? reviewer.Id}/conflicts", reviewer.Token, new { conflicts }, status);

    public Task<JsonNode> RequireConflictFree(Person editor, Guid comparison, Guid tool, bool conflictFree = true, int status = 200) =>
        Json(HttpMethod.Put, $"/api/comparisons/{comparison}/tools/{tool}/conflict-rule", editor.Token, new { conflictFree }, status);

    public Task<JsonNode> Retract(Person editor, Guid comparison, string? note, int status = 201) =>
        Json(HttpMethod.Post, $"/api/comparisons/{comparison}/retractions", editor.Token, new { note }, status);

    public Task<JsonNode> LiveScorecard(Person who, Guid comparison, int status = 200) =>
        Get($"/api/comparisons/{comparison}/scorecard", who.Token, status);

    public Task<JsonNode> History(Person who, Guid comparison, int status = 200) =>
        Get($"/api/comparisons/{comparison}/history", who.Token, status);

    /// <summary>An editor, <paramref name="tools"/> tools and <paramref name="reviewers"/> seated reviewers; no verdicts yet.</summary>
    public async Task<PanelSetup> Panel(int tools = 2, int reviewers = 2)
    {
        var editor = await User("Editor");
        var toolIds = new List<Guid>();
        for (var i = 0; i < tools; i++) toolIds.Add(await Tool(editor, $"Tool {(char)('A' + i)} {Guid.NewGuid():N}"[..16]));
        var id = await Comparison(editor, "A versus B", toolIds);
        var seated = new List<Person>();
        for (var i = 0; i < reviewers; i++)
        {
            var reviewer = await User("Reviewer", $"Reviewer {i + 1}");
            await Seat(editor, id, reviewer, $"angle {i + 1}");
            seated.Add(reviewer);
        }
        return new PanelSetup(id, editor, toolIds, seated);
    }

    /// <summary>A <see cref="CompletedPanel"/> whose scorecard is published as version 1.</summary>
    public async Task<PanelSetup> PublishedPanel(params string[] matrix)
    {
        var panel = await CompletedPanel(matrix);
        await Publish(panel.Editor, panel.Id);
        return panel;
    }

    /// <summary>
    /// A panel whose verdicts follow <paramref name="matrix"/>: one string per reviewer, one letter per
    /// tool, S for Ship and K for Skip (e.g. "SS", "SK").
    /// </summary>
    public async Task<PanelSetup> CompletedPanel(params string[] matrix)
    {
        var panel = await Panel(matrix[0].Length, matrix.Length);
        for (var r = 0; r < matrix.Length; r++)
            for (var t = 0; t < matrix[r].Length; t++)
                await Verdict(panel.Reviewers[r], panel.Id, panel.Tools[t], matrix[r][t] == 'S' ? "Ship" : "Skip",
                    $"Reviewer {r + 1} on tool {t + 1}.");
        return panel;
    }
}
