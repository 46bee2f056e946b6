using System.Text.Json.Nodes;
using Alba;

namespace Panel.Tests.Infrastructure;

/// <summary>A member of the public: keeps the anonymous voter cookie the service hands out, as a browser would.</summary>
public sealed class Voter(IAlbaHost host)
{
    public string? Cookie { get; private set; }

    public async Task<JsonNode> Vote(Guid comparison, Guid tool, int status = 200)
    {
        var result = await host.Scenario(s =>
        {
            s.Post.Json(new { toolId = tool }).ToUrl($"/api/scorecards/{comparison}/votes");
            if (Cookie is not null) s.WithRequestHeader("Cookie", Cookie);
            s.StatusCodeShouldBe(status);
        });
        var setCookie = result.Context.Response.Headers.SetCookie.FirstOrDefault();
        if (setCookie is not null) Cookie = setCookie.Split(';')[0];
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }
}
