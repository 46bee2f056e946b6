namespace Panel.Tools;

public enum EntryTier { Free, Freemium, Paid, Enterprise }

public sealed record ToolRegistered(
    Guid ToolId, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, Guid By, DateTimeOffset At);

/// <summary>Pricing facts are dated: a new read replaces the old one from <c>At</c> on.</summary>
public sealed record ToolRepriced(Guid ToolId, EntryTier EntryTier, string PricingRead, Guid By, DateTimeOffset At);

/// <summary>A product under review.</summary>
public sealed record Tool(
    Guid Id, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt, DateTimeOffset RegisteredAt)
{
    /// <summary>Names are unique regardless of case; a unique index holds this key.</summary>
    public string NameKey { get; init; } = "";

    public long Version { get; set; }

    public static Tool Create(ToolRegistered e) =>
        new(e.ToolId, e.Name, e.Vendor, e.Category, e.Tagline, e.Description, e.EntryTier, e.PricingRead, e.At, e.At)
        {
            NameKey = KeyOf(e.Name)
        };

    public Tool Apply(ToolRepriced e) => this with { EntryTier = e.EntryTier, PricingRead = e.PricingRead, PricedAt = e.At };

    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();
}

/// <summary>A tool as clients read it: the document without its internal lookup key.</summary>
public sealed record ToolView(
    Guid Id, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt, DateTimeOffset RegisteredAt, long Version)
{
    public static ToolView Of(Tool t) =>
        new(t.Id, t.Name, t.Vendor, t.Category, t.Tagline, t.Description, t.EntryTier, t.PricingRead, t.PricedAt, t.RegisteredAt, t.Version);
}
