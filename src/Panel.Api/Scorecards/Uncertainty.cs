using Panel.Comparisons;

namespace Panel.Scorecards;

/// <summary>A 95 % interval around a ship percentage, in whole percents by the product's rounding rule.</summary>
public sealed record ShipInterval(int Low, int High, double Level, string Method)
{
    public const string Wilson = "wilson";
}

/// <summary>
/// How much the reviewers agreed: Krippendorff's alpha for nominal data over reviewers × tools, with a
/// jackknife 95 % interval over reviewers when there are enough of them; null with the reason when undefined.
/// </summary>
public sealed record Agreement(double? Alpha, double? Low, double? High, string Method, string? Reason)
{
    public const string KrippendorffNominal = "krippendorff-alpha-nominal";

    /// <summary>The agreement in words a reader understands.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string InWords => Alpha switch
    {
        null => Reason ?? "Agreement cannot be measured.",
        >= 0.8 => "The reviewers largely agree.",
        >= 0.667 => "The reviewers mostly agree.",
        > 0.2 => "The reviewers partly agree.",
        _ => "The reviewers split."
    };
}

/// <summary>
/// The arithmetic of uncertainty and agreement: pure, no clock, no randomness, so a projection rebuild and a
/// publication give the same figures. Pinned by domain tests on worked examples (docs/product.md, "Figures").
/// </summary>
public static class Uncertainty
{
    /// <summary>Below this many standing verdicts a tool's figure is provisional (<c>Panel:Scorecards:MinimumVerdicts</c>).</summary>
    public static int MinimumVerdicts { get; private set; } = 3;

    /// <summary>Reviewers needed before agreement gets an interval (leave-one-out needs enough to leave out).</summary>
    public const int ReviewersForInterval = 5;

    private const double Z = 1.959963984540054;

    /// <summary>Set once at start from configuration; 1 to 1000.</summary>
    public static void UseMinimumVerdicts(int minimum)
    {
        if (minimum is < 1 or > 1000) throw new InvalidOperationException("Panel:Scorecards:MinimumVerdicts must be between 1 and 1000 (default 3).");
        MinimumVerdicts = minimum;
    }

    public static bool Provisional(int standing) => standing < MinimumVerdicts;

    /// <summary>The 95 % Wilson score interval of <paramref name="ship"/> of <paramref name="n"/>; null with nothing to count.</summary>
    public static ShipInterval? Wilson(int ship, int n)
    {
        if (n <= 0) return null;
        var p = (double)ship / n;
        var z2 = Z * Z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new ShipInterval(WholePercent(centre - half), WholePercent(centre + half), 0.95, ShipInterval.Wilson);
    }

    /// <summary>The product's rounding: nearest whole percent, halves up, within 0–100.</summary>
    public static int WholePercent(double fraction) => (int)Math.Clamp(Math.Floor(fraction * 100 + 0.5 + 1e-9), 0, 100);

    /// <summary>
    /// Krippendorff's alpha (nominal) of a reviewers × tools matrix: rows are reviewers, a null cell is missing
    /// (owed, withdrawn, or barred by a conflict). Tools with fewer than two values are not pairable.
    /// </summary>
    public static Agreement Alpha(IReadOnlyList<IReadOnlyList<Decision?>> matrix)
    {
        var alpha = AlphaOf(matrix, out var reason);
        if (alpha is null) return new Agreement(null, null, null, Agreement.KrippendorffNominal, reason);
        if (matrix.Count < ReviewersForInterval)
            return new Agreement(Round(alpha.Value), null, null, Agreement.KrippendorffNominal, null);

        // Jackknife over reviewers: leave each out, and take the spread of the estimates.
        var leftOut = Enumerable.Range(0, matrix.Count)
            .Select(i => AlphaOf([.. matrix.Where((_, j) => j != i)], out _))
            .Where(a => a is not null).Select(a => a!.Value).ToList();
        if (leftOut.Count < 2) return new Agreement(Round(alpha.Value), null, null, Agreement.KrippendorffNominal, null);
        var mean = leftOut.Average();
        var se = Math.Sqrt((leftOut.Count - 1.0) / leftOut.Count * leftOut.Sum(a => (a - mean) * (a - mean)));
        return new Agreement(Round(alpha.Value), Round(Math.Max(-1, alpha.Value - Z * se)), Round(Math.Min(1, alpha.Value + Z * se)),
            Agreement.KrippendorffNominal, null);
    }

    private static double Round(double x) => Math.Round(x, 3, MidpointRounding.AwayFromZero);

    private static double? AlphaOf(IReadOnlyList<IReadOnlyList<Decision?>> matrix, out string? reason)
    {
        var tools = matrix.Count == 0 ? 0 : matrix.Max(r => r.Count);
        // Coincidences: within each tool, every ordered pair of values from different reviewers, weighted 1/(m−1).
        double shipShip = 0, skipSkip = 0, mixed = 0;
        for (var t = 0; t < tools; t++)
        {
            var values = matrix.Select(r => t < r.Count ? r[t] : null).Where(v => v is not null).ToList();
            var m = values.Count;
            if (m < 2) continue;
            var ship = values.Count(v => v == Decision.Ship);
            var skip = m - ship;
            shipShip += ship * (ship - 1.0) / (m - 1);
            skipSkip += skip * (skip - 1.0) / (m - 1);
            mixed += 2.0 * ship * skip / (m - 1);
        }
        var n = shipShip + skipSkip + mixed;
        if (n < 2)
        {
            reason = "Too few verdicts to compare: agreement needs two reviewers' verdicts on at least one tool.";
            return null;
        }
        var nShip = shipShip + mixed / 2;
        var nSkip = skipSkip + mixed / 2;
        var expected = 2 * nShip * nSkip / (n * (n - 1));
        if (expected == 0)
        {
            reason = "Every verdict is the same, so there is no disagreement to measure agreement against.";
            return null;
        }
        reason = null;
        return 1 - mixed / n / expected;
    }
}
