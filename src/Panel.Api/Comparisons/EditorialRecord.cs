namespace Panel.Comparisons;

/// <summary>The problems the editorial record answers with, shared by its decisions and publishing.</summary>
public static class EditorialRecord
{
    public static ProblemDetails Retracted(Comparison c) => Problems.Conflict("retracted", "The comparison is retracted.",
        $"Version {c.Retraction!.Version} was retracted: \"{c.Retraction.Note}\". A retracted comparison stays as it is; open a new comparison instead.");

    public static ProblemDetails DeclarationsClosed(Comparison c) => Problems.Conflict("declarations-closed",
        "Conflicts are settled at publication.",
        $"Version {c.PublishedVersion} was published with the declarations and conflict rules as they stood; they no longer change.");

    /// <summary>Standing verdicts from reviewers barred by a declared conflict: listed so the editor can resolve each.</summary>
    public static ProblemDetails UnresolvedConflicts(Comparison c, IReadOnlyList<Verdict> barred)
    {
        var problem = Problems.Conflict("unresolved-conflicts", "Verdicts from conflicted reviewers stand.",
            $"{barred.Count} verdict(s) come from reviewers who declared a conflict naming a tool that must be judged conflict-free; " +
            "the reviewer withdraws each, or the editor lifts the rule. See conflicts.");
        problem.Extensions["conflicts"] = barred.Select(v => new
        {
            reviewerId = v.ReviewerId,
            reviewerName = c.SeatOf(v.ReviewerId)?.ReviewerName,
            toolId = v.ToolId,
            toolName = c.Tool(v.ToolId)?.Name,
            declared = c.SeatOf(v.ReviewerId)?.Declaration?.Conflicts.Where(x => x.ToolId == v.ToolId).Select(x => x.Description).ToList()
        }).ToList();
        return problem;
    }
}
