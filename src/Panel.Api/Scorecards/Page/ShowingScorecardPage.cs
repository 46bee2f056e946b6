using Panel.Pages;
using Panel.Scorecards.Comparing;
using Panel.Scorecards.Index;
using Panel.Scorecards.Reading;

namespace Panel.Scorecards.Page;

/// <summary>The human pages: the index of published comparisons and one page per published version.</summary>
public static class ShowingScorecardPageEndpoint
{
    /// <summary>The index, a page at a time (<c>limit</c>, <c>cursor</c>), optionally searched (<c>q</c>: title or tool name).</summary>
    [WolverineGet("/")]
    [ExcludeFromDescription]
    public static async Task<IResult> Index(int? limit, string? cursor, string? q, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var bad = Paging.Read<ListingPosition>(http, ListingPosition.List, limit, cursor, out var page) ?? Paging.ReadQuery(q, out _);
        if (bad is not null)
        {
            var message = bad is ValidationProblemDetails v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : bad.Detail;
            return Html.Page<ErrorPage>(http, new Dictionary<string, object?>
            {
                ["Title"] = "Not a page of the index", ["Message"] = $"{message} Start again from the first page."
            }, StatusCodes.Status400BadRequest);
        }
        Paging.ReadQuery(q, out var term);
        var (cards, next) = await PublicScorecards.ListAsync(session, http, page, term, ct);
        return Html.Page<IndexPage>(http, new Dictionary<string, object?>
        {
            ["Cards"] = cards, ["Next"] = next, ["Query"] = term, ["Paged"] = page.After is not null
        });
    }

    [WolverineGet("/scorecards/{id}")]
    [ExcludeFromDescription]
    public static Task<IResult> Latest(Guid id, string? voted, string? refused, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Show(id, null, voted == "1", refused, session, http, ct);

    [WolverineGet("/scorecards/{id}/versions/{version}")]
    [ExcludeFromDescription]
    public static Task<IResult> Version(Guid id, int version, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Show(id, version, false, null, session, http, ct);

    [WolverineGet("/assets/panel.css")]
    [ExcludeFromDescription]
    public static IResult Stylesheet(HttpContext http) => Html.Css(http);

    [WolverineGet("/assets/workspace.js")]
    [ExcludeFromDescription]
    public static IResult WorkspaceScript(HttpContext http) => Html.Script(http);

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
