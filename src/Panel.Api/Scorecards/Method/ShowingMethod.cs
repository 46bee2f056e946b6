using Microsoft.Extensions.Options;
using Panel.Community;
using Panel.Pages;

namespace Panel.Scorecards.Method;

/// <summary>The method page: every figure on a scorecard explained for a reader, with the limits in force.</summary>
public static class ShowingMethodEndpoint
{
    [WolverineGet("/method")]
    [ExcludeFromDescription]
    public static IResult Get(HttpContext http, IOptions<VoteLimits> votes)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Html.Page<MethodPage>(http, new Dictionary<string, object?> { ["Votes"] = votes.Value });
    }
}
