using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Panel.Pages;
using Panel.Workspace.Sessions;

namespace Panel.Workspace;

/// <summary>The signed-in person, as the workspace's frame shows them.</summary>
public sealed record Me(Guid Id, string Name, Role Role)
{
    public static Me? Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.Identity.AuthenticationType == WorkspaceSession.Scheme
            ? new Me(user.Id(), user.DisplayName(), user.Role())
            : null;

    public bool IsEditor => Role == Role.Editor;
    public bool IsAdmin => Role == Role.Admin;
    public bool IsReviewer => Role == Role.Reviewer;
}

/// <summary>
/// A form as the person sent it, when it failed: their input (kept, never lost), the field errors in
/// words, and a message for what is not about one field. <see cref="Key"/> says which form on the page.
/// </summary>
public sealed record FormState(string Key, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string[]> Errors, string? Message)
{
    /// <summary>For a form read at an older version: what changed since.</summary>
    public Comparisons.StaleChanges? Changes { get; init; }

    public string? Value(string field) => Values.GetValueOrDefault(field);
    public IReadOnlyList<string> ErrorsFor(string field) => Errors.GetValueOrDefault(field) ?? [];

    /// <summary>The first field (in the form's order) with an error: focus goes there, without JavaScript.</summary>
    public string? FocusIn(params string[] fieldOrder) => fieldOrder.FirstOrDefault(Errors.ContainsKey);
}

/// <summary>What every workspace page and form has in common: frame, CSRF, post/redirect/get, problems in words.</summary>
public static class WorkspaceForms
{
    public const string AntiforgeryField = "__csrf";

    /// <summary>Workspace pages may load the one small script from here (the copy button); nothing inline.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["quote"] = "Quote",
        ["reason"] = "Reason",
        ["note"] = "Note",
        ["decision"] = "Verdict",
        ["name"] = "Name",
        ["role"] = "Role",
        ["title"] = "Title",
        ["toolIds"] = "Tools",
        ["angle"] = "Angle",
        ["reviewerId"] = "Reviewer",
        ["entryTier"] = "Entry tier",
        ["pricingRead"] = "Pricing read",
        ["vendor"] = "Vendor",
        ["category"] = "Category",
        ["tagline"] = "Tagline",
        ["description"] = "Description",
        ["token"] = "Token",
        ["email"] = "Email"
    };

    /// <summary>Renders a workspace page: private (never cached), with the signed-in person and a fresh CSRF token.</summary>
    public static IResult Page<TComponent>(HttpContext http, Dictionary<string, object?> parameters, int status = 200)
        where TComponent : IComponent
    {
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        // What antiforgery itself requires of a page with a token: set here, so it has nothing to override (and warn about).
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers.Pragma = "no-cache";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        parameters["Me"] = Me.Of(http.User);
        parameters["Csrf"] = Csrf(http);
        return new RazorComponentResult<TComponent>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };
    }

    public static string Csrf(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!;

    /// <summary>A page that says, in words, why nothing happened (400, 403, 404, …).</summary>
    public static IResult Refusal(HttpContext http, int status, string title, string message) =>
        Page<RefusalPage>(http, new() { ["Heading"] = title, ["Message"] = message }, status);

    public static IResult NotFound(HttpContext http, string what) =>
        Refusal(http, StatusCodes.Status404NotFound, "Not found", $"There is no {what} at this address, or it is not yours to see.");

    /// <summary>
    /// The form of a POST, once its antiforgery token is checked. A missing or wrong token (a forged
    /// cross-site post, or a page kept open across a sign-out) gets a 400 page and changes nothing.
    /// </summary>
    public static async Task<(IFormCollection Form, IResult? Refused)> ReadAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
            return (FormCollection.Empty, Refusal(http, StatusCodes.Status400BadRequest, "Not a form", "This address takes a form sent from a workspace page."));
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (FormCollection.Empty, Refusal(http, StatusCodes.Status400BadRequest, "Unreadable form", "The form could not be read. Go back and send it again."));
        }
        if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            return (FormCollection.Empty, Refusal(http, StatusCodes.Status400BadRequest, "The form has expired",
                "This form was not sent from a current workspace page (its security token is missing or out of date), so nothing was changed. Go back, reload the page and try again."));
        return (form, null);
    }

    /// <summary>
    /// Post/redirect/get: the browser follows with a GET, so a reload never sends the form again. The target
    /// is made a header-safe local path (<see cref="LocalRedirects"/>): a path built from a request never 500s.
    /// </summary>
    public static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = LocalRedirects.Local(location) ?? "/workspace";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    public static string? Text(this IFormCollection form, string field) =>
        form.TryGetValue(field, out var v) && v.Count > 0 ? v[0] : null;

    public static Guid? Id(this IFormCollection form, string field) => Guid.TryParse(form.Text(field), out var id) ? id : null;

    public static T? Enum<T>(this IFormCollection form, string field) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(form.Text(field), ignoreCase: false, out var value) && System.Enum.IsDefined(value) ? value : null;

    /// <summary>The form's version field, as the If-Match it stands for; null when it carries none.</summary>
    public static IfMatch? Expected(this IFormCollection form) =>
        long.TryParse(form.Text("expected"), out var v) ? new IfMatch(false, new HashSet<long> { v }) : null;

    /// <summary>The failed form, kept: its own values, the problem's field errors in words, the rest as a message.</summary>
    public static FormState Failed(string key, IFormCollection form, ProblemDetails problem)
    {
        var values = form.Keys.Where(k => k != AntiforgeryField).ToDictionary(k => k, k => string.Join(",", form[k].ToArray()));
        var errors = problem is ValidationProblemDetails v
            ? v.Errors.ToDictionary(x => x.Key, x => x.Value.Select(m => InWords(x.Key, m)).ToArray())
            : new Dictionary<string, string[]>();
        return new FormState(key, values, errors, problem is ValidationProblemDetails ? null : Say(problem));
    }

    /// <summary>The API's field message with the field's label: "quote is required." → "Quote is required."</summary>
    public static string InWords(string field, string message)
    {
        var label = Labels.GetValueOrDefault(field, field);
        return message.StartsWith(field + " ", StringComparison.Ordinal) ? label + message[field.Length..] : message;
    }

    /// <summary>A problem as a sentence a person reads on the page.</summary>
    public static string Say(ProblemDetails problem) =>
        problem.Type?.EndsWith("/stale-version") == true
            ? "Someone changed this comparison after you opened the page, so nothing was saved. What stands now is shown below; your text is kept in the form."
            : $"{problem.Title} {problem.Detail}".Trim();

    public static int StatusOf(ProblemDetails problem) => problem.Status ?? StatusCodes.Status400BadRequest;

    /// <summary>Success messages after a redirect: a fixed set, so nothing a URL says is shown as fact.</summary>
    private static readonly Dictionary<Done, string> Messages = new()
    {
        [Done.VerdictSaved] = "Verdict saved.",
        [Done.VerdictUnchanged] = "Nothing to save: the verdict already reads that way.",
        [Done.VerdictWithdrawn] = "Verdict withdrawn. It stays on the scorecard as a placeholder.",
        [Done.Seated] = "Reviewer seated.",
        [Done.Unseated] = "Reviewer unseated.",
        [Done.QuoteEdited] = "Quote edited for publication.",
        [Done.Published] = "Scorecard published.",
        [Done.DeadlineSet] = "Deadline set. Reviewers who still owe verdicts are reminded at the reminder time.",
        [Done.DeadlineCleared] = "Deadline cleared.",
        [Done.Corrected] = "Correction published.",
        [Done.ConflictsDeclared] = "Declaration saved. Editors see it now; readers see it beside your quotes once published.",
        [Done.ConflictRuleSet] = "Conflict rule saved.",
        [Done.EditorsVerdictWritten] = "Editor's verdict saved.",
        [Done.Retracted] = "Comparison retracted. Its page stays readable with the retraction notice.",
        [Done.ToolRegistered] = "Tool registered.",
        [Done.ToolRepriced] = "Pricing updated.",
        [Done.ToolRedescribed] = "Wording updated. Comparisons that hold the old wording say so until an editor applies it.",
        [Done.FactsApplied] = "Tool facts applied.",
        [Done.FactsCurrent] = "Nothing to apply: the comparison already holds its tools' current facts.",
        [Done.Opened] = "Comparison opened. Seat the reviewers next.",
        [Done.Revoked] = "Token revoked. Their sessions have ended.",
        [Done.SignedOut] = "You are signed out.",
        [Done.EmailSet] = "Email address saved.",
        [Done.Invited] = "Invitation sent. Its link works once; a new invitation replaces it.",
        [Done.EmailReplayed] = "Email queued again: it goes out with the same Message-ID.",
        [Done.KeyRevoked] = "API key revoked. Scripts that use it are refused from now on."
    };

    private static readonly Dictionary<string, string> ByQuery = Messages.ToDictionary(x => x.Key.Query(), x => x.Value);

    /// <summary>The message for a redirect's <c>done</c>; null for anything not in the set.</summary>
    public static string? Notice(string? done) => done is not null && ByQuery.TryGetValue(done, out var message) ? message : null;

    /// <summary>How a <see cref="Done"/> reads in a URL: <c>VerdictSaved</c> is <c>verdict-saved</c>.</summary>
    public static string Query(this Done done) =>
        System.Text.RegularExpressions.Regex.Replace(done.ToString(), "(?<!^)([A-Z])", "-$1").ToLowerInvariant();

    /// <summary>Post/redirect/get with a success message for the page it lands on.</summary>
    public static IResult SeeOther(HttpContext http, string path, Done done, string? anchor = null) =>
        SeeOther(http, $"{path}?done={done.Query()}{(anchor is null ? "" : "#" + anchor)}");
}

/// <summary>A workspace form or page: signed in with the workspace's session cookie (in one of <c>roles</c>, when given).</summary>
public sealed class WorkspaceOnlyAttribute : AuthorizeAttribute
{
    public WorkspaceOnlyAttribute(string? roles = null)
    {
        AuthenticationSchemes = WorkspaceSession.Scheme;
        Roles = roles;
    }
}

/// <summary>What a form did, for the message on the page it redirects to (<see cref="WorkspaceForms.Notice"/>).</summary>
public enum Done
{
    VerdictSaved, VerdictUnchanged, VerdictWithdrawn, Seated, Unseated, QuoteEdited, Published, Corrected, DeadlineSet, DeadlineCleared,
    ConflictsDeclared, ConflictRuleSet, EditorsVerdictWritten, Retracted, ToolRegistered, ToolRepriced, ToolRedescribed, FactsApplied,
    FactsCurrent, Opened, Revoked, SignedOut, EmailSet, Invited, KeyRevoked, EmailReplayed
}
