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
        // Wolverine names the command's .NET type and the exception's: neither is the client's business.
        problem.Extensions.Remove("exceptionType", out var exceptionType);
        problem.Extensions.Remove("targetType");
        if (problem.Title == "Request body could not be deserialized")
        {
            var clientFault = exceptionType is "System.IO.IOException" or "Microsoft.AspNetCore.Http.BadHttpRequestException";
            problem.Status = context.HttpContext.Response.StatusCode =
                clientFault ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
            problem.Type = Problems.TypeBase + (clientFault ? "unreadable-body" : "internal-error");
            problem.Title = clientFault ? "The request body could not be read." : "Something went wrong on our side.";
            problem.Detail = clientFault ? "The body broke off or is not valid for this route." : "The failure is logged.";
        }
        else if (problem.Status == StatusCodes.Status400BadRequest && problem.Title == "Invalid JSON format")
        {
            var (field, message) = Explain(problem.Detail ?? "");
            context.HttpContext.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(ProblemShaping))
                .LogInformation("{Method} {Path} answered 400: unreadable body ({Field}: {Message})",
                    context.HttpContext.Request.Method, context.HttpContext.Request.Path, field ?? "body", message);
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
            return (field, AllowedValues(detail) is { } allowed
                ? $"The value must be one of {allowed}."
                : "The value has the wrong type, or is not one of the allowed values.");
        }
        return (null, "The body is not well-formed JSON.");
    }

    /// <summary>
    /// The names an enum field takes ("Reviewer, Editor or Admin"): the serializer names the body's type
    /// and the path, so follow the path through the type's properties to the field refused.
    /// </summary>
    private static string? AllowedValues(string detail)
    {
        if (ConvertedTo().Match(detail) is not { Success: true } converted) return null;
        var type = typeof(ProblemShaping).Assembly.GetType(converted.Groups[1].Value);
        var path = PathOf().Match(detail) is { Success: true } p ? p.Groups[1].Value : "$";
        foreach (var name in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var property = type?.GetProperty(name.Split('[')[0],
                System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            type = property?.PropertyType;
        }
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is not { IsEnum: true }) return null;
        var names = PanelJson.Names(type);
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
    }

    [GeneratedRegex(@"converted to (?:System\.Nullable`1\[)?([\w.]*\w)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"[Dd]uplicate .*?property '([^']+)'")]
    private static partial Regex Duplicate();

    [GeneratedRegex(@"Path: (\$[^ |]*)")]
    private static partial Regex PathOf();
}
