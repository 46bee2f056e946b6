using System.Text.Json.Serialization;

namespace Panel.Comparisons.GettingHistory;

/// <summary>The contract's lower-case names (docs/api.md), given on the members so the OpenAPI document reads them too.</summary>
public enum DiffOp
{
    [JsonStringEnumMemberName("equal")] Equal,
    [JsonStringEnumMemberName("insert")] Insert,
    [JsonStringEnumMemberName("delete")] Delete
}

/// <summary>A run of words that both wordings share, that only the new one has, or that only the old one had.</summary>
public sealed record DiffRun(DiffOp Op, string Text);

/// <summary>A word-level diff of two wordings of a quote: the longest common subsequence of their words.</summary>
public static class QuoteDiff
{
    /// <summary>Beyond this many word pairs the table would cost more than the diff is worth: old out, new in.</summary>
    private const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffRun> Words(string? before, string after)
    {
        var a = Split(before ?? "");
        var b = Split(after);
        if ((long)a.Length * b.Length > MaxCells) return Merge([.. a.Select(w => (DiffOp.Delete, w)), .. b.Select(w => (DiffOp.Insert, w))]);

        // lcs[i, j]: length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var ops = new List<(DiffOp, string)>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { ops.Add((DiffOp.Equal, a[x])); x++; y++; }
            // Deletions before insertions at the same place, so a replaced word reads "old → new".
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) ops.Add((DiffOp.Delete, a[x++]));
            else ops.Add((DiffOp.Insert, b[y++]));
        }
        while (x < a.Length) ops.Add((DiffOp.Delete, a[x++]));
        while (y < b.Length) ops.Add((DiffOp.Insert, b[y++]));
        return Merge(ops);
    }

    private static string[] Split(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static IReadOnlyList<DiffRun> Merge(IReadOnlyList<(DiffOp Op, string Word)> ops)
    {
        var runs = new List<DiffRun>();
        var i = 0;
        while (i < ops.Count)
        {
            var j = i;
            while (j < ops.Count && ops[j].Op == ops[i].Op) j++;
            runs.Add(new DiffRun(ops[i].Op, string.Join(' ', ops.Skip(i).Take(j - i).Select(o => o.Word))));
            i = j;
        }
        return runs;
    }
}
