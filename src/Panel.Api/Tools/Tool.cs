namespace Panel.Tools;

public enum EntryTier { Free, Freemium, Paid, Enterprise }

public sealed record ToolRegistered(
    Guid ToolId, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, Guid By, DateTimeOffset At);

/// <summary>Pricing facts are dated: a new read replaces the old one from <c>At</c> on.</summary>
public sealed record ToolRepriced(Guid ToolId, EntryTier EntryTier, string PricingRead, Guid By, DateTimeOffset At);

/// <summary>
/// An editor reworded the tool: its name, tagline and description from <c>At</c> on. The earlier wording stays in
/// the stream (and in <see cref="Tool.Changes"/>); comparisons keep the wording they captured until an editor applies this.
/// </summary>
public sealed record ToolRedescribed(Guid ToolId, string Name, string Tagline, string Description, Guid By, DateTimeOffset At);

/// <summary>One fact of a tool that changed: which (<c>name</c>, <c>tagline</c>, <c>description</c>, <c>entryTier</c>, <c>pricingRead</c>), from what, to what.</summary>
public sealed record ToolFactChange(Guid ToolId, string Tool, string Fact, string Before, string After)
{
    /// <summary>The change in a sentence, as a correction notice says it.</summary>
    public string Sentence => Fact switch
    {
        "name" => $"{Before} was renamed {After}",
        "tagline" => $"Tagline of {Tool} changed from “{Before}” to “{After}”",
        "description" => $"Description of {Tool} changed",
        "entryTier" => $"Entry tier of {Tool} changed from {Before} to {After}",
        "pricingRead" => $"Pricing of {Tool} changed from {Before} to {After}",
        _ => $"{Fact} of {Tool} changed"
    };
}

/// <summary>A change in the tool's history: when, and which facts it changed.</summary>
public sealed record ToolChange(DateTimeOffset At, Guid By, IReadOnlyList<ToolFactChange> Facts);

/// <summary>A product under review.</summary>
public sealed record Tool(
    Guid Id, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt, DateTimeOffset RegisteredAt)
{
    /// <summary>
    /// Names are unique as they read: regardless of case, spacing, accents, invisible characters and
    /// Cyrillic or Greek lookalikes (<see cref="Names.Skeleton"/>); a unique index holds this key.
    /// </summary>
    public string NameKey { get; init; } = "";

    public long Version { get; set; }

    /// <summary>Every repricing and rewording, oldest first, with the facts as they were before.</summary>
    public IReadOnlyList<ToolChange> Changes { get; init; } = [];

    public static Tool Create(ToolRegistered e) =>
        new(e.ToolId, e.Name, e.Vendor, e.Category, e.Tagline, e.Description, e.EntryTier, e.PricingRead, e.At, e.At)
        {
            NameKey = KeyOf(e.Name)
        };

    public Tool Apply(ToolRepriced e)
    {
        var next = this with { EntryTier = e.EntryTier, PricingRead = e.PricingRead, PricedAt = e.At };
        return next with { Changes = [.. Changes, new ToolChange(e.At, e.By, ToolFacts.Between(this, next))] };
    }

    public Tool Apply(ToolRedescribed e)
    {
        var next = this with { Name = e.Name, Tagline = e.Tagline, Description = e.Description, NameKey = KeyOf(e.Name) };
        return next with { Changes = [.. Changes, new ToolChange(e.At, e.By, ToolFacts.Between(this, next))] };
    }

    public static string KeyOf(string name) => Names.Skeleton(name);
}

/// <summary>The facts a comparison captures of a tool, and how two sets of them differ.</summary>
public static class ToolFacts
{
    /// <summary>The facts that can move after registration, in the order a notice lists them.</summary>
    public static IReadOnlyList<ToolFactChange> Between(Guid toolId, string toolName,
        (string Name, string Tagline, string Description, EntryTier EntryTier, string PricingRead) before,
        (string Name, string Tagline, string Description, EntryTier EntryTier, string PricingRead) after)
    {
        var changes = new List<ToolFactChange>();
        void Compare(string fact, string b, string a)
        {
            if (!string.Equals(b, a, StringComparison.Ordinal)) changes.Add(new ToolFactChange(toolId, toolName, fact, b, a));
        }
        Compare("name", before.Name, after.Name);
        Compare("tagline", before.Tagline, after.Tagline);
        Compare("description", before.Description, after.Description);
        Compare("entryTier", before.EntryTier.ToString(), after.EntryTier.ToString());
        Compare("pricingRead", before.PricingRead, after.PricingRead);
        return changes;
    }

    public static IReadOnlyList<ToolFactChange> Between(Tool before, Tool after) =>
        Between(before.Id, before.Name, Of(before), Of(after));

    public static (string, string, string, EntryTier, string) Of(Tool t) => (t.Name, t.Tagline, t.Description, t.EntryTier, t.PricingRead);

    /// <summary>"Pricing of ml-intern changed from $0 to $20/month; …": what a correction for these changes says.</summary>
    public static string Notice(IEnumerable<ToolFactChange> changes) => string.Join("; ", changes.Select(c => c.Sentence)) + ".";
}

/// <summary>A tool as clients read it: the document without its internal lookup key.</summary>
public sealed record ToolView(
    Guid Id, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt, DateTimeOffset RegisteredAt, long Version)
{
    /// <summary>Earlier repricings and rewordings: each fact before and after.</summary>
    public IReadOnlyList<ToolChange> Changes { get; init; } = [];

    public static ToolView Of(Tool t) =>
        new(t.Id, t.Name, t.Vendor, t.Category, t.Tagline, t.Description, t.EntryTier, t.PricingRead, t.PricedAt, t.RegisteredAt, t.Version)
        {
            Changes = t.Changes
        };
}
