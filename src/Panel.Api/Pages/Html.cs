using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Components;
using Microsoft.Net.Http.Headers;

namespace Panel.Pages;

/// <summary>Server-rendered pages: static HTML from Razor components (which escape every text), no scripts.</summary>
public static class Html
{
    /// <summary>The page satisfies this policy: one stylesheet from here, no scripts, forms post only here.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// A public record's page (a tool's, a reviewer's): always revalidated, since each publication changes it; or a
    /// 404 page saying, in <paramref name="notFound"/>, what has no such address.
    /// </summary>
    public static IResult RecordPage<TComponent>(HttpContext http, object? record, string notFound) where TComponent : IComponent
    {
        if (record is null)
            return Page<NotFoundPage>(http, new Dictionary<string, object?> { ["Message"] = notFound }, StatusCodes.Status404NotFound);
        http.Response.Headers.CacheControl = "no-cache";
        return Page<TComponent>(http, new Dictionary<string, object?> { ["Record"] = record });
    }

    public static IResult Page<TComponent>(HttpContext http, IDictionary<string, object?> parameters, int status = 200)
        where TComponent : IComponent
    {
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        return new RazorComponentResult<TComponent>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };
    }

    private static readonly Lazy<(byte[] Bytes, string ETag)> Stylesheet = new(() => Embedded("Panel.Pages.panel.css"));
    private static readonly Lazy<(byte[] Bytes, string ETag)> WorkspaceScript = new(() => Embedded("Panel.Workspace.workspace.js"));

    private static (byte[] Bytes, string ETag) Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        return (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    }

    public static IResult Css(HttpContext http) => Asset(http, Stylesheet.Value, "text/css; charset=utf-8");

    /// <summary>The workspace's one script: progressive enhancement only (the copy button).</summary>
    public static IResult Script(HttpContext http) => Asset(http, WorkspaceScript.Value, "text/javascript; charset=utf-8");

    private static IResult Asset(HttpContext http, (byte[] Bytes, string ETag) asset, string contentType)
    {
        var (bytes, etag) = asset;
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, max-age=3600";
        if (ETags.ClientHas(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, contentType);
    }
}
