using Panel.Pages;
using Panel.Scorecards.Reading;

namespace Panel.Scorecards.Index;

/// <summary>The front page: every published comparison, newest first.</summary>
public static class ShowingIndexEndpoint
{
    [WolverineGet("/")]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(IQuerySession session, HttpContext http, CancellationToken ct) =>
        Html.Page<IndexPage>(http, new Dictionary<string, object?> { ["Cards"] = await PublicScorecards.ListAsync(session, ct) });
}
