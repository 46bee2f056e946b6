using Microsoft.AspNetCore.WebUtilities;
using Panel.Workspace;

namespace Panel.Pages;

/// <summary>
/// Which addresses are pages (read by people, in browsers) and which are the API's (read by programs).
/// The one place the two are told apart: a page address answers an HTML page whatever went wrong (an id
/// that is not one, an unknown address, a database outage, a failure) and whatever the client accepts;
/// everything else answers problem JSON.
/// </summary>
public static class PageRoutes
{
    /// <summary>The public pages, besides the index at <c>/</c>.</summary>
    private static readonly PathString[] Public = ["/method", "/scorecards", "/reviewers", "/tools"];

    /// <summary>The workspace's pages and forms, framed for the signed-in person.</summary>
    private static readonly PathString[] Workspace = ["/workspace", "/sign-in", "/sign-out"];

    public static bool IsPage(PathString path) => IsWorkspace(path) || IsPublic(path);

    public static bool IsWorkspace(PathString path) => Workspace.Any(p => path.StartsWithSegments(p));

    /// <summary>
    /// The index and what is under the public prefixes, except a scorecard's badges: images that other
    /// sites embed, a machine format like the feed, the exports and the keys.
    /// </summary>
    public static bool IsPublic(PathString path) =>
        path.Value is null or "" or "/" || (Public.Any(p => path.StartsWithSegments(p)) && !IsBadge(path));

    private static bool IsBadge(PathString path) =>
        path.Value!.Split('/') is [_, var first, _, var third, ..]
        && first.Equals("scorecards", StringComparison.OrdinalIgnoreCase) && third.Equals("badges", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Writes every problem answered at a page address as a page with the problem's status: the router's
/// and Wolverine's bare 404 (an id that is not a Guid fails before the endpoint runs) and 405, a query
/// value that cannot be read, a refused body, a database outage (503) or a failure (500) from
/// <see cref="Infrastructure.Failures"/>. Registered before the default writer, which writes the API's
/// problem JSON; the default writer also declines a client that accepts only HTML, which used to leave
/// a page address with a plain-text body that no browser can title.
/// </summary>
public sealed class ProblemPages : IProblemDetailsWriter
{
    /// <summary>
    /// Not for a request without a readable Host: a page is rendered against the request's address, and no
    /// browser sends such a request (it gets the <c>bad-host</c> problem).
    /// </summary>
    public bool CanWrite(ProblemDetailsContext context) =>
        PageRoutes.IsPage(context.HttpContext.Request.Path)
        && context.HttpContext.Request.Host.HasValue && Infrastructure.RequestGuards.HostIsReadable(context.HttpContext.Request);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var bare = problem.Title is null && problem.Detail is null;
        problem.Status ??= http.Response.StatusCode;
        Infrastructure.ProblemShaping.Customize(context);
        var status = problem.Status ?? http.Response.StatusCode;
        var (title, message) = bare ? InWords(status, PageRoutes.IsWorkspace(http.Request.Path)) : (problem.Title!, Message(problem));

        // A failure's page needs nothing that could fail again (the workspace frame reads the session and a CSRF token).
        var page = PageRoutes.IsWorkspace(http.Request.Path) && status < 500
            ? WorkspaceForms.Refusal(http, status, title, message)
            : status == StatusCodes.Status404NotFound
                ? Html.Page<NotFoundPage>(http, new Dictionary<string, object?> { ["Message"] = message }, status)
                : Html.Page<ErrorPage>(http, new Dictionary<string, object?> { ["Title"] = title, ["Message"] = message }, status);
        await page.ExecuteAsync(http);
    }

    /// <summary>What a person reads for a status that came without words.</summary>
    private static (string Title, string Message) InWords(int status, bool workspace) => status switch
    {
        StatusCodes.Status404NotFound => ("Not found", workspace
            ? "There is nothing at this address in the workspace."
            : "There is nothing at this address. Check the link, or start from the list of published scorecards."),
        StatusCodes.Status405MethodNotAllowed => ("Not a page", workspace
            ? "This address takes a form sent from a workspace page; open the page itself instead."
            : "This address takes a form sent from a page; open the page itself instead."),
        _ => (ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Something went wrong",
            "This page cannot be shown. Go back and try again.")
    };

    /// <summary>A validation problem's field messages (its detail points at them); any other problem's detail.</summary>
    private static string Message(ProblemDetails problem)
    {
        var detail = problem is HttpValidationProblemDetails { Errors.Count: > 0 } v
            ? string.Join(" ", v.Errors.SelectMany(x => x.Value))
            : problem.Detail ?? "";
        return detail.Length > 0 ? detail : "This page cannot be shown. Go back and try again.";
    }
}
