using System.Text.Json.Nodes;
using Alba;

namespace Panel.Tests.Infrastructure;

public static class Problem
{
    /// <summary>Asserts an RFC 9457 problem answer and returns its body.</summary>
    public static async Task<JsonNode> Read(IScenarioResult result, int status)
    {
        Assert.Equal(status, result.Context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", result.Context.Response.ContentType);
        var problem = JsonNode.Parse(await result.ReadAsTextAsync())!;
        Assert.Equal(status, (int)problem["status"]!);
        return problem;
    }

    public static string Type(string kind) => "https://panel.dev/problems/" + kind;
}
