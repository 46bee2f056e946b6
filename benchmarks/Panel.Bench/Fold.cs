using System.Diagnostics;
using JasperFx.Events;
using Panel.Comparisons;
using Panel.Evidence;
using Panel.Scorecards;
using Panel.Tools;

namespace Panel.Bench;

/// <summary>CPU cost of folding one comparison event, by part: what a rebuild and every write pay per event.</summary>
public static class Fold
{
    public static int Run(string[] args)
    {
        var length = args.Length > 0 ? int.Parse(args[0]) : 100;
        var streams = args.Length > 1 ? int.Parse(args[1]) : 200;
        var at = DateTimeOffset.UtcNow;
        var tools = new[] { "Alpha", "Beta" }.Select(n => new ComparedTool(Guid.NewGuid(), n, "V", "C", "T", "D", EntryTier.Free, "Free", at)).ToList();
        var reviewers = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var projection = new ComparisonProjection();
        IEvent[] Stream()
        {
            var id = Guid.NewGuid();
            var list = new List<object> { new ComparisonOpened(id, "Bench", tools, Guid.NewGuid(), at) };
            foreach (var r in reviewers) list.Add(new ReviewerSeated(id, r, "R", "angle", Guid.NewGuid(), at));
            foreach (var r in reviewers) foreach (var t in tools) list.Add(new VerdictSubmitted(id, t.ToolId, r, Decision.Ship, "A first take.", null, at));
            for (var i = 0; list.Count < length; i++)
                list.Add(new VerdictRevised(id, tools[i % 2].ToolId, reviewers[i % 4], Decision.Skip, $"Take {i}.", null, "r", at));
            return list.Select((e, i) => (IEvent)new Event<object>(e) { Version = i + 1, Id = Guid.NewGuid(), StreamId = id }).ToArray();
        }
        var all = Enumerable.Range(0, streams).Select(_ => Stream()).ToList();
        var n = (double)all.Sum(s => s.Length);
        Time("projection Evolve (everything)", () => { foreach (var s in all) { Comparison? c = null; foreach (var e in s) c = projection.Evolve(c, e.StreamId, e); } });
        Time("ComparisonProjection.Replay", () => { foreach (var s in all) { Comparison? c = null; foreach (var e in s) c = ComparisonProjection.Replay(c, e.Data); } });
        Time("Comparison.Next only", () => { foreach (var s in all) { Comparison? c = null; foreach (var e in s) c = Comparison.Next(c, e.Data); } });
        Time("ScorecardCalculator.Compute", () => { foreach (var s in all) { Comparison? c = null; foreach (var e in s) { c = Comparison.Next(c, e.Data); ScorecardCalculator.Compute(c); } } });
        Time("EventDigest.Next", () => { foreach (var s in all) { string? d = null; foreach (var e in s) d = EventDigest.Next(d, e.Version, e.Data); } });
        Time("PublicRecord.Link", () => { foreach (var s in all) { string? d = null; foreach (var e in s) d = PublicRecord.Link(d, e.Version, e.Data, e.Id); } });
        return 0;

        void Time(string what, Action action)
        {
            action();
            var clock = Stopwatch.StartNew();
            action();
            Console.WriteLine($"{what,-34} {clock.Elapsed.TotalMicroseconds / n,8:0.0} µs/event");
        }
    }
}
