using System.Globalization;
using System.Text;
using Panel.Scorecards.Reading;

namespace Panel.Scorecards.Exporting;

/// <summary>A published version as CSV (RFC 4180): one file of the tools' figures, one of the verdicts.</summary>
public static class ExportingScorecardEndpoint
{
    [WolverineGet("/api/scorecards/{id}/versions/{version}/tools.csv", OperationId = "exportTools")]
    [EndpointSummary("Export a version's tools as CSV")]
    [Produces("text/csv")]
    public static async Task<IResult> Tools(Guid id, int version, IQuerySession session, CancellationToken ct)
    {
        var card = await PublicScorecards.LoadAsync(session, id, version, ct);
        if (card is null) return Problems.NotFound("published version", $"{id} v{version}").ToResult();

        var rows = card.Tools.Select(t => new object?[]
        {
            card.Id, card.Version, t.ToolId, t.Name, t.Vendor, t.Category, t.EntryTier, t.PricingRead, t.PricedAt,
            t.ShipPercent, t.Ship, t.Skip, t.Withdrawn, t.SampleSize, t.CommunityPercent, t.CommunityVotes,
            t.ShipInterval?.Low, t.ShipInterval?.High, t.Provisional
        });
        return Csv($"scorecard-{id}-v{version}-tools.csv",
            ["comparisonId", "version", "toolId", "name", "vendor", "category", "entryTier", "pricingRead", "pricedAt",
             "shipPercent", "ship", "skip", "withdrawn", "sampleSize", "communityPercent", "communityVotes",
             "shipLow", "shipHigh", "provisional"], rows);
    }

    [WolverineGet("/api/scorecards/{id}/versions/{version}/verdicts.csv", OperationId = "exportVerdicts")]
    [EndpointSummary("Export a version's verdicts as CSV")]
    [Produces("text/csv")]
    public static async Task<IResult> Verdicts(Guid id, int version, IQuerySession session, CancellationToken ct)
    {
        var card = await PublicScorecards.LoadAsync(session, id, version, ct);
        if (card is null) return Problems.NotFound("published version", $"{id} v{version}").ToResult();

        var rows = card.Quotes.Select(q => new object?[]
        {
            card.Id, card.Version, q.ToolId, q.ToolName, q.ReviewerId, q.ReviewerName, q.Angle,
            q.Withdrawn ? "Withdrawn" : q.Decision?.ToString(), q.Quote, q.Edited
        });
        return Csv($"scorecard-{id}-v{version}-verdicts.csv",
            ["comparisonId", "version", "toolId", "toolName", "reviewerId", "reviewerName", "angle", "decision", "quote", "edited"], rows);
    }

    private static IResult Csv(string fileName, string[] header, IEnumerable<object?[]> rows)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', header.Select(Cell))).Append("\r\n");
        foreach (var row in rows) csv.Append(string.Join(',', row.Select(Cell))).Append("\r\n");
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>
    /// One field: quoted when it holds a comma, quote or line break; text a spreadsheet would run as a
    /// formula (=, +, -, @, tab, CR) is prefixed with an apostrophe.
    /// </summary>
    public static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset at => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? ""
        };
        if (value is string && text.Length > 0 && "=+-@\t\r".Contains(text[0])) text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }
}
