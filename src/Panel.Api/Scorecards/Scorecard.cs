using Panel.Comparisons;
using System.Text.Json.Serialization;
using Panel.Tools;

namespace Panel.Scorecards;

public enum VerdictStatus { Standing, Withdrawn, Owed }

/// <summary>Per tool: the panel-ship figure and what it is computed from.</summary>
public sealed record ToolScore(Guid ToolId, string Name, int? ShipPercent, int Ship, int Skip, int Withdrawn, int SampleSize)
{
    /// <summary>The 95 % Wilson interval of the ship percentage; null with no standing verdict.</summary>
    public ShipInterval? ShipInterval { get; init; }

    /// <summary>Fewer standing verdicts than <see cref="Uncertainty.MinimumVerdicts"/>: shown, marked provisional.</summary>
    public bool Provisional { get; init; }
}

public sealed record MissingVerdict(Guid ReviewerId, string ReviewerName, Guid ToolId, string ToolName);

public sealed record ReviewerDecision(Guid ToolId, VerdictStatus Status, Decision? Decision);

public sealed record ReviewerSplit(Guid ReviewerId, string Name, string Angle, IReadOnlyList<ReviewerDecision> Decisions);

public sealed record ToolCount(Guid ToolId, int Ship, int Skip);

public sealed record AngleSplit(string Angle, int Reviewers, IReadOnlyList<ToolCount> Tools);

/// <summary>A group of reviewers who shipped exactly the same tools, e.g. "ship only Gemma".</summary>
public sealed record HeadToHead(IReadOnlyList<Guid> Shipped, string Pattern, int Reviewers);

public sealed record Split(
    IReadOnlyList<ToolCount> Tools,
    IReadOnlyList<ReviewerSplit> Reviewers,
    IReadOnlyList<AngleSplit> Angles,
    IReadOnlyList<HeadToHead> HeadToHead,
    string Summary);

/// <summary>The tool the panel would ship with: the highest panel-ship figure, or a tie.</summary>
public sealed record PanelPick(Guid? ToolId, string? Name, IReadOnlyList<Guid> Leaders, string Summary);

public sealed record Scorecard(
    IReadOnlyList<ToolScore> Tools,
    Split Split,
    bool Complete,
    IReadOnlyList<MissingVerdict> Missing,
    PanelPick Pick,
    string Method)
{
    public const string MethodText =
        "Panel ship = ship verdicts ÷ standing verdicts (withdrawn verdicts are left out), " +
        "as the nearest whole percent with halves rounded up.";

    public static readonly Scorecard Empty = new([], new Split([], [], [], [], ""), false, [], new PanelPick(null, null, [], ""), MethodText);

    /// <summary>How much the reviewers agreed (<see cref="Uncertainty.Alpha"/>).</summary>
    public Agreement Agreement { get; init; } = new(null, null, null, Agreement.KrippendorffNominal, "No verdicts yet.");
}

/// <summary>What a publication released: the figures, the quotes and the tools' facts, frozen.</summary>
public sealed record PublishedContent(
    string Title,
    IReadOnlyList<PublishedTool> Tools,
    IReadOnlyList<PublishedQuote> Quotes,
    Split Split,
    PanelPick Pick,
    string Method,
    int Reviewers,
    EventsDigest? Events)
{
    /// <summary>The editor's verdict as released; absent from versions published before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PublishedEditorsVerdict? EditorsVerdict { get; init; }

    /// <summary>The reviewers' agreement as released; absent from versions published before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Agreement? Agreement { get; init; }
}

/// <summary>Which events a publication was computed from: the first <c>Count</c>, whose chain ends in <c>Digest</c>.</summary>
public sealed record EventsDigest(long Count, string Digest);

public sealed record PublishedTool(
    Guid ToolId, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt,
    int? ShipPercent, int Ship, int Skip, int Withdrawn, int SampleSize)
{
    /// <summary>The released interval of the ship percentage; absent from versions published before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ShipInterval? ShipInterval { get; init; }

    /// <summary>Whether the released figure was provisional; absent from versions published before the rule existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Provisional { get; init; }
}

/// <summary>A quote as readers see it; a withdrawn verdict shows as a placeholder with no words.</summary>
public sealed record PublishedQuote(
    Guid ReviewerId, string ReviewerName, string Angle, Guid ToolId, string ToolName,
    Decision? Decision, string? Quote, bool Edited, bool Withdrawn)
{
    /// <summary>The reviewer's declaration of conflicts, beside each of their quotes; absent before declarations existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PublishedDeclaration? Declaration { get; init; }
}

// ---- The editorial record in a release ----

public sealed record PublishedConflict(string Description, Guid? ToolId, string? ToolName);

/// <summary>
/// What a reviewer declared, as readers see it. <c>Declared</c> is false when they never declared;
/// both that and an empty declaration read "No conflicts declared".
/// </summary>
public sealed record PublishedDeclaration(bool Declared, IReadOnlyList<PublishedConflict> Conflicts, string Summary)
{
    public const string NoneDeclared = "No conflicts declared";
}

/// <summary>
/// The editor's bottom line, the tool the editor recommends (if any), and whether that differs from the
/// panel's computed pick, said in words.
/// </summary>
public sealed record PublishedEditorsVerdict(
    string BottomLine, Guid? RecommendedToolId, string? RecommendedToolName, bool DiffersFromPanel, string? Disagreement);
