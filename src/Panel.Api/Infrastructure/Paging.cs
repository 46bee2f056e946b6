using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Panel.Infrastructure;

/// <summary>A page of a list to read: how many, and after which position (null: from the start).</summary>
public sealed record PageRequest<TPosition>(int Limit, TPosition? After) where TPosition : class;

/// <summary>
/// Keyset paging for every list: <c>limit</c> (1–200, default 50) and an opaque <c>cursor</c> naming the last
/// position served. The cursor is the position, protected by ASP.NET Data Protection for this one list, so a
/// changed, truncated or borrowed cursor is refused (400) instead of being read.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50, MaxLimit = 200, MaxQuery = 200;

    /// <summary>Reads <c>limit</c> and <c>cursor</c>; a problem when either is out of range or not one this list gave out.</summary>
    public static ProblemDetails? Read<TPosition>(HttpContext http, string list, int? limit, string? cursor, out PageRequest<TPosition> request)
        where TPosition : class
    {
        request = new PageRequest<TPosition>(limit ?? DefaultLimit, null);
        var errors = new FieldErrors();
        if (limit is < 1 or > MaxLimit) errors.Add("limit", $"limit must be from 1 to {MaxLimit}.");
        TPosition? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = Decode<TPosition>(http, list, cursor);
            if (after is null) errors.Add("cursor", "cursor is not one this list gave out; read the list again from its first page.");
        }
        if (!errors.IsEmpty) return errors.ToProblem();
        request = request with { After = after };
        return null;
    }

    /// <summary>A text query: trimmed, at most 200 characters, no control characters; null when empty.</summary>
    public static ProblemDetails? ReadQuery(string? q, out string? term)
    {
        term = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var problem = new FieldErrors().Text("q", term, MaxQuery, required: false).ToProblem();
        return ReferenceEquals(problem, WolverineContinue.NoProblems) ? null : problem;
    }

    /// <summary>
    /// The first <c>limit</c> rows of <paramref name="rows"/> (read with one extra), and the next page's address when
    /// there is one: also sent as <c>Link: &lt;…&gt;; rel="next"</c>.
    /// </summary>
    public static (IReadOnlyList<T> Items, string? Next) Cut<T, TPosition>(HttpContext http, string list, IReadOnlyList<T> rows, int limit,
        Func<T, TPosition> position) where TPosition : class
    {
        if (rows.Count <= limit) return (rows, null);
        var items = rows.Take(limit).ToList();
        var next = NextLink(http, Encode(http, list, position(items[^1])));
        http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return (items, next);
    }

    /// <summary>
    /// A time as PostgreSQL reads it from the stored text: whole microseconds, the fraction parsed as a double and
    /// rounded half to even (its <c>rint</c>), so a cursor's time compares equal to the row it came from.
    /// </summary>
    public static DateTimeOffset Microseconds(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        var fraction = ticks % TimeSpan.TicksPerSecond;
        var seconds = double.Parse("0." + fraction.ToString("D7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var micro = (long)Math.Round(seconds * 1_000_000, MidpointRounding.ToEven);
        return new DateTimeOffset(ticks - fraction + micro * 10, TimeSpan.Zero);
    }

    private static string NextLink(HttpContext http, string cursor)
    {
        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value)
            .Where(x => x.Key != "cursor")
            .SelectMany(x => x.Value.Select(v => new KeyValuePair<string, string?>(x.Key, v)))
            .Append(new KeyValuePair<string, string?>("cursor", cursor));
        return http.Request.PathBase + http.Request.Path + QueryString.Create(query);
    }

    private static IDataProtector Protector(HttpContext http, string list) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("Panel.Paging", list);

    public static string Encode<TPosition>(HttpContext http, string list, TPosition position) =>
        WebEncoders.Base64UrlEncode(Protector(http, list).Protect(JsonSerializer.SerializeToUtf8Bytes(position, JsonSerializerOptions.Web)));

    public static TPosition? Decode<TPosition>(HttpContext http, string list, string cursor) where TPosition : class
    {
        try
        {
            return JsonSerializer.Deserialize<TPosition>(Protector(http, list).Unprotect(WebEncoders.Base64UrlDecode(cursor)), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
