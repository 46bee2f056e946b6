using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Panel.Pages;
using Panel.Scorecards.Reading;

namespace Panel.Scorecards.Badges;

/// <summary>
/// An embeddable badge in the familiar two-part style: "panel ship | 100%", for one tool of the latest
/// published version. Built with XML objects, so no text can break out of it.
/// </summary>
public static class BadgeEndpoint
{
    public const string Label = "panel ship";

    [WolverineGet("/scorecards/{id}/badges/{file}", OperationId = "getBadge")]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(Guid id, string file, PublishedCache cache, HttpContext http, CancellationToken ct)
    {
        if (!file.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) || !Guid.TryParse(file[..^4], out var toolId))
            return Problems.NotFound("badge", file).ToResult();

        var card = await cache.LoadAsync(id, null, ct);
        var tool = card?.Tools.FirstOrDefault(t => t.ToolId == toolId);
        if (card is null || tool is null) return Problems.NotFound("badge", $"{id}/{file}").ToResult();

        var svg = Render(tool.Name, tool.ShipPercent, card!.Retraction is not null, tool.Provisional == true, tool.ShipInterval);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(svg)))[..16]}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, max-age=300";
        // Embedded on other sites as an <img>: it may be framed and fetched cross-origin.
        http.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        if (ETags.ClientHas(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Text(svg, "image/svg+xml; charset=utf-8");
    }

    public static string Render(string toolName, int? percent, bool retracted = false, bool provisional = false, ShipInterval? interval = null)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        // A retracted comparison's figure is no longer vouched for: the badge says so instead of showing it.
        var value = retracted ? "retracted" : percent is null ? "—" : $"{percent}%";
        var color = retracted ? "#6b7280" : percent switch
        {
            null => "#6b7280",
            >= 70 => "#176b3a",
            >= 40 => "#8a6d00",
            _ => "#a3361a"
        };
        int WidthOf(string text) => 10 + (int)Math.Ceiling(text.Length * 6.6);
        var left = WidthOf(Label);
        var right = WidthOf(value);
        var width = left + right;
        // A small panel's figure is marked in words (title, aria-label) and drawn with a dashed edge.
        var marks = retracted ? [] : new[] { provisional ? "provisional" : null, interval is { } i ? $"95 % interval {i.Low}–{i.High}%" : null }
            .OfType<string>().ToArray();
        var description = $"{PageText.XmlSafe(toolName)}: {Label} {value}" + (marks.Length > 0 ? $" ({string.Join("; ", marks)})" : "");

        string N(double x) => x.ToString(CultureInfo.InvariantCulture);
        XElement Text(double x, string text, bool shadow) => new(ns + "text",
            new XAttribute("x", N(x)), new XAttribute("y", shadow ? "15" : "14"),
            new XAttribute("fill", shadow ? "#010101" : "#fff"), new XAttribute("fill-opacity", shadow ? ".3" : "1"), text);

        var svg = new XElement(ns + "svg",
            new XAttribute("width", width), new XAttribute("height", 20),
            new XAttribute("viewBox", $"0 0 {width} 20"), new XAttribute("role", "img"),
            new XAttribute("aria-label", description),
            new XElement(ns + "title", description),
            new XElement(ns + "rect", new XAttribute("width", left), new XAttribute("height", 20), new XAttribute("rx", 3), new XAttribute("fill", "#444c56")),
            new XElement(ns + "rect", new XAttribute("x", left), new XAttribute("width", right), new XAttribute("height", 20), new XAttribute("rx", 3), new XAttribute("fill", color)),
            new XElement(ns + "rect", new XAttribute("x", left), new XAttribute("width", 4), new XAttribute("height", 20), new XAttribute("fill", color)),
            provisional && !retracted
                ? new XElement(ns + "rect", new XAttribute("class", "provisional"), new XAttribute("x", left + 1), new XAttribute("y", 1),
                    new XAttribute("width", right - 2), new XAttribute("height", 18), new XAttribute("rx", 2), new XAttribute("fill", "none"),
                    new XAttribute("stroke", "#fff"), new XAttribute("stroke-dasharray", "2 2"))
                : null,
            new XElement(ns + "g",
                new XAttribute("text-anchor", "middle"),
                new XAttribute("font-family", "Verdana,DejaVu Sans,sans-serif"), new XAttribute("font-size", 11),
                Text(left / 2.0, Label, true), Text(left / 2.0, Label, false),
                Text(left + right / 2.0, value, true), Text(left + right / 2.0, value, false)));
        return svg.ToString(SaveOptions.DisableFormatting);
    }
}
