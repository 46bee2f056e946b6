using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Panel.Infrastructure;

/// <summary>
/// Refuses, before any endpoint runs, what no endpoint could read: a Host that is not a host name, a
/// body in a character set other than UTF-8, a body larger than Panel ever needs, or one that breaks
/// off or lies about its chunk sizes. The body is read here, within its limit, so that every such
/// failure is a 4xx problem instead of an exception deep inside an endpoint.
/// </summary>
public static class RequestGuards
{
    /// <summary>The largest JSON body: a verdict with every field at its maximum is about 14 KiB.</summary>
    public const int MaxJsonBody = 64 * 1024;

    /// <summary>
    /// The largest form body: a workspace verdict form at its limits, percent-encoded (up to nine bytes a
    /// character outside ASCII), with its antiforgery token.
    /// </summary>
    public const int MaxFormBody = 64 * 1024;

    public static async Task Apply(HttpContext http, Func<Task> next)
    {
        if (!HostIsReadable(http.Request))
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "bad-host", "The Host header is not valid.",
                "Send a Host header with a host name (and a port from 1 to 65535).");
            return;
        }

        if (HasBody(http.Request) && !await ReadBody(http)) return;
        await next();
    }

    /// <summary>What the pages and links build their absolute addresses from must be a valid URI authority.</summary>
    public static bool HostIsReadable(HttpRequest request)
    {
        var host = request.Host;
        if (!host.HasValue) return request.Protocol == "HTTP/1.0" || request.Path.StartsWithSegments("/health");
        return host.Value!.Length <= 260
               && Uri.TryCreate($"http://{host.Value}/", UriKind.Absolute, out var uri)
               && uri.Host.Length is > 0 and <= 253;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.ContainsKey(HeaderNames.TransferEncoding);

    private static async Task<bool> ReadBody(HttpContext http)
    {
        var request = http.Request;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.Charset.HasValue
            && !IsUtf8(type.Charset.Value!))
        {
            await Refuse(http, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The body's character set is not supported.", "Send the body in UTF-8 (charset=utf-8, or no charset).");
            return false;
        }

        var limit = request.HasFormContentType ? MaxFormBody : MaxJsonBody;
        if (request.ContentLength > limit)
        {
            await TooLarge(http, limit);
            return false;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;

        request.EnableBuffering(bufferThreshold: limit, bufferLimit: limit);
        try
        {
            await request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLarge(http, limit);
            return false;
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or InvalidDataException)
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "unreadable-body", "The request body could not be read.",
                "The body broke off or its framing (Content-Length or chunk sizes) is not valid.");
            return false;
        }
        request.Body.Position = 0;
        return true;
    }

    private static bool IsUtf8(string charset) =>
        charset.Trim('"').ToLowerInvariant() is "utf-8" or "utf8" or "us-ascii";

    private static Task TooLarge(HttpContext http, int limit) =>
        Refuse(http, StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large.",
            $"Panel accepts bodies of at most {limit / 1024} KiB here.");

    private static Task Refuse(HttpContext http, int status, string kind, string title, string detail)
    {
        // A body that was refused may still be arriving: close the connection after this answer.
        if (kind != "bad-host") http.Response.Headers.Connection = "close";
        return Results.Problem(new ProblemDetails
        {
            Type = Problems.TypeBase + kind,
            Title = title,
            Status = status,
            Detail = detail
        }).ExecuteAsync(http);
    }
}
