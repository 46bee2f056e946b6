using System.Security.Cryptography;
using Panel.Scorecards;

namespace Panel.Community;

/// <summary>A member of the public picks the tool they would ship with; it replaces their earlier pick.</summary>
public sealed record VoteCast(Guid ComparisonId, Guid VoterId, Guid ToolId, DateTimeOffset At);

/// <summary>
/// A voter's first vote on this comparison, and the network it came from (a keyed hash, never the
/// address): what bounds how many new voters one network brings in a day.
/// </summary>
public sealed record VoterArrived(Guid ComparisonId, Guid VoterId, string Network, DateOnly Day, DateTimeOffset At);

public sealed record ToolVotes(Guid ToolId, int Votes, int? Percent);

/// <summary>
/// The community's standing votes on one comparison: one per voter, in a stream of its own so votes
/// never move the comparison's version (and never ask for a correction).
/// </summary>
public sealed record CommunityTally(Guid Id, Guid ComparisonId, IReadOnlyDictionary<Guid, Guid> Ballots, IReadOnlyList<ToolVotes> Tools)
{
    public long Version { get; set; }

    public int Votes => Ballots.Count;

    /// <summary>The day of the newest arrival, and how many new voters each network brought that day.</summary>
    public DateOnly ArrivalsDay { get; init; }

    public IReadOnlyDictionary<string, int> Arrivals { get; init; } = new Dictionary<string, int>();

    public static CommunityTally Create(VoteCast e) => Count(Empty(e.ComparisonId), e);

    public static CommunityTally Create(VoterArrived e) => Empty(e.ComparisonId).Apply(e);

    public CommunityTally Apply(VoteCast e) => Count(this, e);

    public CommunityTally Apply(VoterArrived e)
    {
        // Only the latest day's counts matter, so the document stays small however long voting runs.
        var arrivals = e.Day == ArrivalsDay ? new Dictionary<string, int>(Arrivals) : new Dictionary<string, int>();
        arrivals[e.Network] = arrivals.GetValueOrDefault(e.Network) + 1;
        return this with { ArrivalsDay = e.Day, Arrivals = arrivals };
    }

    public int ArrivalsFrom(string network, DateOnly day) => day == ArrivalsDay ? Arrivals.GetValueOrDefault(network) : 0;

    private static CommunityTally Empty(Guid comparisonId) => new(StreamIdFor(comparisonId), comparisonId, new Dictionary<Guid, Guid>(), []);

    private static CommunityTally Count(CommunityTally tally, VoteCast e)
    {
        var ballots = new Dictionary<Guid, Guid>(tally.Ballots) { [e.VoterId] = e.ToolId };
        var tools = ballots.Values.GroupBy(x => x)
            .Select(g => new ToolVotes(g.Key, g.Count(), ScorecardCalculator.Percent(g.Count(), ballots.Count)))
            .OrderBy(x => x.ToolId)
            .ToList();
        return tally with { Ballots = ballots, Tools = tools };
    }

    public ToolVotes For(Guid toolId) =>
        Tools.FirstOrDefault(x => x.ToolId == toolId) ?? new ToolVotes(toolId, 0, Votes == 0 ? null : 0);

    /// <summary>The community stream's id, derived from the comparison's so it needs no lookup.</summary>
    public static Guid StreamIdFor(Guid comparisonId)
    {
        Span<byte> input = stackalloc byte[16 + 9];
        comparisonId.TryWriteBytes(input);
        "community"u8.CopyTo(input[16..]);
        var hash = SHA256.HashData(input);
        return new Guid(hash.AsSpan(0, 16));
    }
}
