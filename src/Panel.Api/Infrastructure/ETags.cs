using Microsoft.Net.Http.Headers;

namespace Panel.Infrastructure;

/// <summary>Versioned things carry their stream version as a strong ETag: <c>"7"</c>.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    public static void Set(HttpResponse response, long version) =>
        response.Headers.ETag = For(version);

    /// <summary>
    /// Sets the version's ETag on an answer that depends on the caller (Vary: Authorization), and says
    /// whether the client already has it, in which case the answer is 304 without a body.
    /// </summary>
    public static bool NotModified(HttpContext http, long version)
    {
        Set(http.Response, version);
        http.Response.Headers.Vary = "Authorization";
        return ClientHas(http.Request, For(version));
    }

    public static IResult NotModifiedResult => Results.StatusCode(StatusCodes.Status304NotModified);

    /// <summary>
    /// Does the client's If-None-Match already name this ETag? Then the answer is 304. The header is a
    /// list, and compares weakly (W/"x" matches "x").
    /// </summary>
    public static bool ClientHas(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch
            .SelectMany(x => (x ?? "").Split(',', StringSplitOptions.TrimEntries))
            .Any(x => x == etag || x == "W/" + etag || x == "*");

    /// <summary>
    /// The versions a client's If-Match accepts: null when it sent none (any version will do, and the
    /// server may retry), an empty set when nothing it sent can match.
    /// </summary>
    public static IfMatch? ReadIfMatch(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderNames.IfMatch, out var values) || values.Count == 0) return null;

        var versions = new HashSet<long>();
        foreach (var raw in values)
        {
            foreach (var part in (raw ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "*") return new IfMatch(true, versions);
                if (part.Length > 2 && part[0] == '"' && part[^1] == '"' &&
                    long.TryParse(part.AsSpan(1, part.Length - 2), out var v))
                {
                    versions.Add(v);
                }
            }
        }
        return new IfMatch(false, versions);
    }
}

public sealed record IfMatch(bool Any, IReadOnlySet<long> Versions)
{
    public bool Matches(long version) => Any || Versions.Contains(version);
}
