using System.Text;
using System.Xml;
using Microsoft.Extensions.Options;
using Panel.Pages;

namespace Panel.Scorecards.Feed;

/// <summary>An Atom feed (RFC 4287) of publications and corrections, newest first.</summary>
public static class FeedEndpoint
{
    public const int Entries = 50;
    private const string Atom = "http://www.w3.org/2005/Atom";

    /// <summary>Panel's own elements: each entry's digest, key id and signature, for subscribers to keep.</summary>
    public const string Evidence = "https://panel.dev/ns/evidence";

    [WolverineGet("/feed.atom", OperationId = "getFeed")]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(IQuerySession session, HttpContext http, IOptions<PanelOptions> panel, CancellationToken ct)
    {
        var published = await session.Query<PublishedScorecard>()
            .OrderByDescending(x => x.PublishedAt)
            .Take(Entries)
            .ToListAsync(ct);
        var site = panel.Value.SiteUrl(http.Request);
        // Subscribers keep what the feed says: only content that matches its seal goes into it.
        var sealedVersions = new List<PublishedScorecard>();
        foreach (var card in published)
        {
            try { sealedVersions.Add(await Reading.PublicScorecards.SealedAsync(session, card, ct)); }
            catch (Evidence.RecordMismatchException) { }
        }
        var retracted = await session.Query<ScorecardListing>()
            .Where(x => x.Retraction != null)
            .OrderByDescending(x => x.Retraction!.RetractedAt)
            .Take(Entries)
            .ToListAsync(ct);
        return Results.Bytes(Write(sealedVersions, site, retracted), "application/atom+xml; charset=utf-8");
    }

    public static byte[] Write(IReadOnlyList<PublishedScorecard> published, string site, IReadOnlyList<ScorecardListing>? retracted = null)
    {
        retracted ??= [];
        // Publications and retractions in one stream of entries, newest first.
        var entries = published.Select(p => (At: p.PublishedAt, Published: (PublishedScorecard?)p, Retracted: (ScorecardListing?)null))
            .Concat(retracted.Select(r => (At: r.Retraction!.RetractedAt, Published: (PublishedScorecard?)null, Retracted: (ScorecardListing?)r)))
            .OrderByDescending(x => x.At)
            .Take(Entries)
            .ToList();
        using var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Atom);
            xml.WriteAttributeString("xmlns", "panel", null, Evidence);
            xml.WriteElementString("id", Atom, "tag:panel.dev,2026:scorecards");
            xml.WriteElementString("title", Atom, "Panel scorecards");
            xml.WriteElementString("subtitle", Atom, "Reviewer panel verdicts on tools, as published and corrected.");
            xml.WriteElementString("updated", Atom, PageText.IsoDate(entries.Count > 0 ? entries[0].At : DateTimeOffset.UnixEpoch));
            Link(xml, "self", $"{site}/feed.atom", "application/atom+xml");
            Link(xml, "alternate", $"{site}/", "text/html");
            Link(xml, "related", $"{site}/.well-known/panel-keys", "application/jwk-set+json");
            xml.WriteStartElement("author", Atom);
            xml.WriteElementString("name", Atom, "Panel");
            xml.WriteEndElement();

            foreach (var (_, p, r) in entries)
            {
                if (r is not null)
                {
                    WriteRetraction(xml, r, site);
                    continue;
                }
                var c = p!.Content;
                xml.WriteStartElement("entry", Atom);
                xml.WriteElementString("id", Atom, $"tag:panel.dev,2026:scorecards/{p.ComparisonId}/versions/{p.Version}");
                xml.WriteElementString("title", Atom, PageText.XmlSafe(p.IsCorrection ? $"Corrected: {c.Title} (version {p.Version})" : c.Title));
                xml.WriteElementString("published", Atom, PageText.IsoDate(p.PublishedAt));
                xml.WriteElementString("updated", Atom, PageText.IsoDate(p.PublishedAt));
                Link(xml, "alternate", $"{site}/scorecards/{p.ComparisonId}/versions/{p.Version}", "text/html");
                xml.WriteStartElement("category", Atom);
                xml.WriteAttributeString("term", p.IsCorrection ? "correction" : "publication");
                xml.WriteEndElement();
                var figures = string.Join("; ", c.Tools.Select(t =>
                    $"{t.Name}: {PageText.Percent(t.ShipPercent)} panel ship ({t.Ship} of {t.SampleSize})"));
                var summary = p.IsCorrection ? $"{figures}. Correction: {p.Note}" : $"{figures}. {c.Pick.Summary}";
                xml.WriteStartElement("summary", Atom);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(PageText.XmlSafe(summary));
                xml.WriteEndElement();
                if (p.Seal is { } seal)
                {
                    Link(xml, "related", $"{site}/api/scorecards/{p.ComparisonId}/versions/{p.Version}/evidence", "application/json");
                    xml.WriteElementString("panel", "scheme", Evidence, seal.Scheme);
                    xml.WriteElementString("panel", "digest", Evidence, seal.Digest);
                    if (seal.KeyId is not null) xml.WriteElementString("panel", "keyId", Evidence, seal.KeyId);
                    if (seal.Signature is not null) xml.WriteElementString("panel", "signature", Evidence, seal.Signature);
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return output.ToArray();
    }

    /// <summary>A retraction is news too: its own entry, linking the page that now carries the notice.</summary>
    private static void WriteRetraction(XmlWriter xml, ScorecardListing listing, string site)
    {
        var r = listing.Retraction!;
        xml.WriteStartElement("entry", Atom);
        xml.WriteElementString("id", Atom, $"tag:panel.dev,2026:scorecards/{listing.Id}/retraction");
        xml.WriteElementString("title", Atom, PageText.XmlSafe($"Retracted: {listing.Title}"));
        xml.WriteElementString("published", Atom, PageText.IsoDate(r.RetractedAt));
        xml.WriteElementString("updated", Atom, PageText.IsoDate(r.RetractedAt));
        Link(xml, "alternate", $"{site}/scorecards/{listing.Id}", "text/html");
        xml.WriteStartElement("category", Atom);
        xml.WriteAttributeString("term", "retraction");
        xml.WriteEndElement();
        xml.WriteStartElement("summary", Atom);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(PageText.XmlSafe($"Version {r.Version} is retracted: {r.Note}"));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteAttributeString("type", type);
        xml.WriteEndElement();
    }
}
