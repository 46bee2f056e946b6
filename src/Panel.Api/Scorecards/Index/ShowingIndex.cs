using Panel.Pages;
using Panel.Scorecards.Reading;

namespace Panel.Scorecards.Index;

/// <summary>The front page: published comparisons, newest first, a page at a time.</summary>
public static class ShowingIndexEndpoint
{
    /// <summary>A page at a time (<c>limit</c>, <c>cursor</c>), optionally searched (<c>q</c>: title or tool name).</summary>
    [WolverineGet("/")]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(int? limit, string? cursor, string? q, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var bad = Paging.Read<ListingPosition>(http, ListingPosition.List, limit, cursor, out var page) ?? Paging.ReadQuery(q, out _);
        if (bad is not null)
        {
            var message = bad is ValidationProblemDetails v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : bad.Detail;
            return Html.Page<ErrorPage>(http, new Dictionary<string, object?>
            {
                ["Title"] = "Not a page of the index",
                ["Message"] = $"{message} Start again from the first page."
            }, StatusCodes.Status400BadRequest);
        }
        Paging.ReadQuery(q, out var term);
        var (cards, next) = await PublicScorecards.ListAsync(session, http, page, term, ct);
        return Html.Page<IndexPage>(http, new Dictionary<string, object?>
        {
            ["Cards"] = cards,
            ["Next"] = next,
            ["Query"] = term,
            ["Paged"] = page.After is not null
        });
    }
}
