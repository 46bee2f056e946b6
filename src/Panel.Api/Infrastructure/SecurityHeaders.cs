using Microsoft.Net.Http.Headers;

namespace Panel.Infrastructure;

/// <summary>Headers every answer carries. Pages add their Content-Security-Policy themselves (see Pages/Html).</summary>
public static class SecurityHeaders
{
    public static Task Apply(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (!http.Request.Path.StartsWithSegments("/scorecards") || !http.Request.Path.Value!.EndsWith(".svg"))
            headers[HeaderNames.XFrameOptions] = "DENY";
        return next();
    }
}
