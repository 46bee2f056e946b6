using Panel.Comparisons;

namespace Panel.Scorecards;

/// <summary>Pure arithmetic of a scorecard. Called only by the projection and by publishing (to freeze it).</summary>
public static class ScorecardCalculator
{
    /// <summary>Nearest whole percent, halves rounded up (1 of 8 → 13); null with nothing to count.</summary>
    public static int? Percent(int part, int whole) =>
        whole == 0 ? null : (200 * part + whole) / (2 * whole);

    public static Scorecard Compute(Comparison c)
    {
        var tools = c.Tools.Select(t =>
        {
            var verdicts = c.Verdicts.Where(v => v.ToolId == t.ToolId && c.SeatOf(v.ReviewerId) is not null).ToList();
            var standing = verdicts.Where(v => !v.Withdrawn).ToList();
            var ship = standing.Count(v => v.Decision == Decision.Ship);
            var skip = standing.Count - ship;
            return new ToolScore(t.ToolId, t.Name, Percent(ship, standing.Count), ship, skip, verdicts.Count - standing.Count, standing.Count)
            {
                ShipInterval = Uncertainty.Wilson(ship, standing.Count),
                Provisional = Uncertainty.Provisional(standing.Count)
            };
        }).ToList();

        var missing = c.Seats
            .SelectMany(s => c.OwedBy(s.ReviewerId).Select(t => new MissingVerdict(s.ReviewerId, s.ReviewerName, t.ToolId, t.Name)))
            .ToList();

        return new Scorecard(tools, SplitOf(c, tools), c.Complete, missing, PickOf(tools), Scorecard.MethodText) { Agreement = AgreementOf(c) };
    }

    /// <summary>Seated reviewers × tools; owed, withdrawn and conflict-barred cells are missing.</summary>
    private static Agreement AgreementOf(Comparison c) =>
        Uncertainty.Alpha([.. c.Seats.Select(s => (IReadOnlyList<Decision?>)[.. c.Tools.Select(t =>
            c.VerdictOf(s.ReviewerId, t.ToolId) is { Withdrawn: false } v && !c.Barred(s.ReviewerId, t.ToolId) ? v.Decision : (Decision?)null)])]);

    private static Split SplitOf(Comparison c, IReadOnlyList<ToolScore> scores)
    {
        var reviewers = c.Seats.Select(s => new ReviewerSplit(s.ReviewerId, s.ReviewerName, s.Angle,
            c.Tools.Select(t => c.VerdictOf(s.ReviewerId, t.ToolId) switch
            {
                null => new ReviewerDecision(t.ToolId, VerdictStatus.Owed, null),
                { Withdrawn: true } => new ReviewerDecision(t.ToolId, VerdictStatus.Withdrawn, null),
                var v => new ReviewerDecision(t.ToolId, VerdictStatus.Standing, v.Decision)
            }).ToList())).ToList();

        var angles = reviewers
            .GroupBy(r => r.Angle, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new AngleSplit(g.First().Angle, g.Count(), c.Tools.Select(t =>
            {
                var decisions = g.SelectMany(r => r.Decisions).Where(d => d.ToolId == t.ToolId && d.Status == VerdictStatus.Standing).ToList();
                return new ToolCount(t.ToolId, decisions.Count(d => d.Decision == Decision.Ship), decisions.Count(d => d.Decision == Decision.Skip));
            }).ToList()))
            .ToList();

        // Only reviewers with a standing verdict on every tool have a head-to-head pattern.
        var headToHead = reviewers
            .Where(r => r.Decisions.All(d => d.Status == VerdictStatus.Standing))
            .Select(r => c.Tools.Where(t => r.Decisions.Any(d => d.ToolId == t.ToolId && d.Decision == Decision.Ship)).ToList())
            .GroupBy(shipped => string.Join(",", shipped.Select(t => t.ToolId)))
            .Select(g => new HeadToHead(g.First().Select(t => t.ToolId).ToList(), PatternOf(c, g.First()), g.Count()))
            .OrderByDescending(h => h.Reviewers).ThenByDescending(h => h.Shipped.Count).ThenBy(h => h.Pattern, StringComparer.Ordinal)
            .ToList();

        var summary = string.Join(", ", headToHead.Select(h => $"{h.Reviewers} {h.Pattern}"));
        return new Split(scores.Select(s => new ToolCount(s.ToolId, s.Ship, s.Skip)).ToList(), reviewers, angles, headToHead, summary);
    }

    private static string PatternOf(Comparison c, IReadOnlyList<ComparedTool> shipped)
    {
        var both = c.Tools.Count == 2;
        if (shipped.Count == c.Tools.Count) return both ? "ship both" : "ship all";
        if (shipped.Count == 0) return both ? "skip both" : "skip all";
        if (shipped.Count == 1) return $"ship only {shipped[0].Name}";
        return $"ship only {string.Join(", ", shipped.Take(shipped.Count - 1).Select(t => t.Name))} and {shipped[^1].Name}";
    }

    private static PanelPick PickOf(IReadOnlyList<ToolScore> tools)
    {
        var scored = tools.Where(t => t.ShipPercent is not null).ToList();
        if (scored.Count == 0) return new PanelPick(null, null, [], "No standing verdicts yet.");

        var best = scored.Max(t => t.ShipPercent)!.Value;
        var leaders = scored.Where(t => t.ShipPercent == best).ToList();
        return leaders.Count == 1
            ? new PanelPick(leaders[0].ToolId, leaders[0].Name, [leaders[0].ToolId], $"Ship with {leaders[0].Name}: {best}% panel ship.")
            : new PanelPick(null, null, leaders.Select(t => t.ToolId).ToList(),
                $"No single pick: {string.Join(" and ", leaders.Select(t => t.Name))} tie at {best}% panel ship.");
    }

    /// <summary>Freezes the comparison's current scorecard for publication.</summary>
    public static PublishedContent Freeze(Comparison c)
    {
        var card = c.Scorecard;
        var tools = c.Tools.Select(t =>
        {
            var s = card.Tools.Single(x => x.ToolId == t.ToolId);
            return new PublishedTool(t.ToolId, t.Name, t.Vendor, t.Category, t.Tagline, t.Description, t.EntryTier,
                t.PricingRead, t.PricedAt, s.ShipPercent, s.Ship, s.Skip, s.Withdrawn, s.SampleSize)
            { ShipInterval = s.ShipInterval, Provisional = s.Provisional };
        }).ToList();

        // Quotes grouped by reviewer in seating order, each reviewer's tools in the comparison's order.
        var quotes = c.Seats.SelectMany(seat => c.Tools.Select(t => (seat, t, v: c.VerdictOf(seat.ReviewerId, t.ToolId))))
            .Where(x => x.v is not null)
            .Select(x => (x.v!.Withdrawn
                ? new PublishedQuote(x.seat.ReviewerId, x.seat.ReviewerName, x.seat.Angle, x.t.ToolId, x.t.Name, null, null, false, true)
                : new PublishedQuote(x.seat.ReviewerId, x.seat.ReviewerName, x.seat.Angle, x.t.ToolId, x.t.Name,
                    x.v.Decision, x.v.PublicQuote, x.v.EditedQuote is not null, false)) with
            { Declaration = DeclarationOf(c, x.seat) })
            .ToList();

        return new PublishedContent(c.Title, tools, quotes, card.Split, card.Pick, card.Method, c.Seats.Count,
            new EventsDigest(c.Version, c.Digest))
        { EditorsVerdict = EditorsVerdictOf(c, card.Pick), Agreement = card.Agreement };
    }

    /// <summary>A seat's declaration as readers see it; never declaring and declaring none both read "No conflicts declared".</summary>
    public static PublishedDeclaration DeclarationOf(Comparison c, Seat seat)
    {
        var conflicts = (seat.Declaration?.Conflicts ?? [])
            .Select(x => new PublishedConflict(x.Description, x.ToolId, x.ToolId is { } id ? c.Tool(id)?.Name : null))
            .ToList();
        var summary = conflicts.Count == 0
            ? PublishedDeclaration.NoneDeclared
            : string.Join("; ", conflicts.Select(x => x.ToolName is null ? x.Description : $"{x.Description} ({x.ToolName})"));
        return new PublishedDeclaration(seat.Declaration is not null, conflicts, summary);
    }

    /// <summary>The editor's verdict beside the computed pick: a recommendation the figures do not make is said so.</summary>
    public static PublishedEditorsVerdict? EditorsVerdictOf(Comparison c, PanelPick pick)
    {
        if (c.EditorsVerdict is not { } v) return null;
        var recommended = v.RecommendedToolId is { } id ? c.Tool(id)?.Name : null;
        var differs = v.RecommendedToolId is not null && v.RecommendedToolId != pick.ToolId;
        var disagreement = !differs ? null
            : pick.ToolId is null
                ? $"The editor recommends {recommended}; the panel's figures give no single pick."
                : $"The editor recommends {recommended}; the panel's figures pick {pick.Name}.";
        return new PublishedEditorsVerdict(v.BottomLine, v.RecommendedToolId, recommended, differs, disagreement);
    }
}
