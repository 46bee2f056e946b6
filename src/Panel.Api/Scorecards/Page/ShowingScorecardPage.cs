using Panel.Pages;
using Panel.Scorecards.Comparing;
using Panel.Scorecards.Reading;

namespace Panel.Scorecards.Page;

/// <summary>The human page of a published comparison: its latest version, or any one version.</summary>
public static class ShowingScorecardPageEndpoint
{
    [WolverineGet("/scorecards/{id}")]
    [ExcludeFromDescription]
    public static Task<IResult> Latest(Guid id, string? voted, string? refused, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Show(id, null, voted == "1", refused, session, http, ct);

    [WolverineGet("/scorecards/{id}/versions/{version}")]
    [ExcludeFromDescription]
    public static Task<IResult> Version(Guid id, int version, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Show(id, version, false, null, session, http, ct);

    private static async Task<IResult> Show(Guid id, int? version, bool voted, string? refused, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var card = await PublicScorecards.LoadAsync(session, id, version, ct);
        if (card is null)
        {
            return Html.Page<NotFoundPage>(http, new Dictionary<string, object?>
            {
                ["Message"] = "No published scorecard has that address. It may not be published yet."
            }, StatusCodes.Status404NotFound);
        }
        var changes = card.IsCorrection
            ? ComparingVersionsEndpoint.Between(await PublicScorecards.LoadAsync(session, id, card.Version - 1, ct), card)
            : null;
        http.Response.Headers.CacheControl = "no-cache";
        return Html.Page<ScorecardPage>(http, new Dictionary<string, object?> { ["Card"] = card, ["Voted"] = voted, ["VoteRefused"] = refused, ["Changes"] = changes });
    }
}
