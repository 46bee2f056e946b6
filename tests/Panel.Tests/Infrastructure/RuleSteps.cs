using System.Text.Json.Nodes;
using Alba;

namespace Panel.Tests.Infrastructure;

/// <summary>The further steps the domain-rule tests take: withdrawing, editing quotes, reading as a client would.</summary>
public static class RuleSteps
{
    /// <summary>The configured admin key, as a caller.</summary>
    public static readonly Person Admin = new(Panel.People.ConfiguredAdmin.Id, Panel.People.ConfiguredAdmin.Name, Scenarios.Admin);

    public static Task<JsonNode> Withdraw(this Scenarios api, Person reviewer, Guid comparison, Guid tool,
        string? reason = "I have a conflict of interest.", int status = 200) =>
        api.Json(HttpMethod.Post, $"/api/comparisons/{comparison}/verdicts/{tool}/withdrawal", reviewer.Token, new { reason }, status);

    public static Task<JsonNode> EditQuote(this Scenarios api, Person editor, Guid comparison, Guid tool, Guid reviewer,
        string quote, string? reason = "Tightened for print.", int status = 200) =>
        api.Json(HttpMethod.Put, $"/api/comparisons/{comparison}/verdicts/{tool}/reviewers/{reviewer}/quote", editor.Token,
            new { quote, reason }, status);

    public static Task<JsonNode> Details(this Scenarios api, Person who, Guid comparison, int status = 200) =>
        api.Get($"/api/comparisons/{comparison}", who.Token, status);

    public static Task<JsonNode> PublishedScorecard(this Scenarios api, Guid comparison, int status = 200) =>
        api.Get($"/api/scorecards/{comparison}", null, status);

    /// <summary>Sends a request whatever status comes back, for races whose winner is not known beforehand.</summary>
    public static Task<IScenarioResult> Attempt(this IAlbaHost host, HttpMethod method, string url, string token, object body,
        string? ifMatch = null) =>
        host.Scenario(s =>
        {
            (method == HttpMethod.Post ? s.Post : s.Put).Json(body).ToUrl(url);
            s.WithRequestHeader("Authorization", "Bearer " + token);
            if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
            s.IgnoreStatusCode();
        });

    public static string ETag(this IScenarioResult result) => result.Context.Response.Headers.ETag.ToString();

    public static JsonArray Array(this JsonNode node, string field) => node[field]!.AsArray();

    public static JsonNode ToolScore(this JsonNode card, Guid tool) =>
        card.Array("tools").Single(t => (Guid)t!["toolId"]! == tool)!;

    public static List<string> Types(this JsonNode history) =>
        history.AsArray().Select(e => (string)e!["type"]!).ToList();

    public static List<Guid> Guids(this JsonNode node, string field) =>
        node.Array(field).Select(x => (Guid)x!).ToList();
}
