using System.Text.RegularExpressions;

namespace Panel.Infrastructure;

/// <summary>
/// Gives the problems Panel does not write itself the same shape as its own: Wolverine's answer to an
/// unreadable body (which names .NET types) and the router's bare 404 for a route that does not match.
/// </summary>
public static partial class ProblemShaping
{
    private static readonly Dictionary<int, string> FrameworkTypes = new()
    {
        [StatusCodes.Status405MethodNotAllowed] = "method-not-allowed",
        [StatusCodes.Status413PayloadTooLarge] = "body-too-large",
        [StatusCodes.Status415UnsupportedMediaType] = "unsupported-media-type"
    };

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status == StatusCodes.Status400BadRequest && problem.Title == "Invalid JSON format")
        {
            var (field, message) = Explain(problem.Detail ?? "");
            problem.Type = Problems.TypeBase + "unreadable-body";
            problem.Title = "The request body could not be read.";
            problem.Detail = field is null ? message : $"{field}: {message}";
            if (field is not null) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }
        else if (problem.Status == StatusCodes.Status400BadRequest && problem.Title == "Invalid query string value"
                 && problem.Extensions.TryGetValue("parameter", out var parameter) && parameter is string name)
        {
            problem.Type = Problems.TypeBase + "validation";
            problem.Title = "The request is not valid.";
            problem.Detail = $"The query parameter '{name}' has a value that cannot be read.";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [name] = ["The value cannot be read."] };
        }
        else if (problem.Status == StatusCodes.Status404NotFound && problem.Type?.StartsWith(Problems.TypeBase) != true)
        {
            problem.Type = Problems.TypeBase + "not-found";
            problem.Title = "Not found.";
            problem.Detail ??= "Nothing answers at this address: check the route and its ids.";
        }
        else if (context.Exception is Evidence.RecordMismatchException mismatch)
        {
            // Never served: content that no longer matches the digest it was published under.
            problem.Type = Problems.TypeBase + "record-mismatch";
            problem.Title = "This published version no longer matches its seal.";
            problem.Detail = $"No stored copy of version {mismatch.Version} hashes to its signed digest; " +
                             $"/api/scorecards/{mismatch.ComparisonId}/versions/{mismatch.Version}/verification names what changed.";
        }
        else if (problem.Type?.StartsWith(Problems.TypeBase) != true
                 && FrameworkTypes.TryGetValue(problem.Status ?? 0, out var kind))
        {
            // The framework's own answers (wrong method, wrong content type, body too large) get a stable Panel type too.
            problem.Type = Problems.TypeBase + kind;
        }
    }

    /// <summary>Which field, in the request's own (camelCase) names, and what was wrong with it.</summary>
    public static (string? Field, string Message) Explain(string detail)
    {
        if (UnknownMember().Match(detail) is { Success: true } unknown)
            return (unknown.Groups[1].Value, "This field is not part of the request.");
        if (Duplicate().Match(detail) is { Success: true } duplicate)
            return (duplicate.Groups[1].Value, "This field appears more than once.");

        if (detail.Contains("could not be converted"))
        {
            var path = PathOf().Match(detail) is { Success: true } m ? m.Groups[1].Value : "$";
            var field = path is "$" or "" ? null : path.TrimStart('$', '.');
            return (field, "The value has the wrong type, or is not one of the allowed values.");
        }
        return (null, "The body is not well-formed JSON.");
    }

    [GeneratedRegex(@"JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"[Dd]uplicate .*?property '([^']+)'")]
    private static partial Regex Duplicate();

    [GeneratedRegex(@"Path: (\$[^ |]*)")]
    private static partial Regex PathOf();
}
