using Microsoft.AspNetCore.Mvc;
using Panel.Comparisons;
using Panel.Infrastructure;
using Panel.Tools;

namespace Panel.Tests.Domain;

/// <summary>
/// A comparison built by folding events through <see cref="ComparisonProjection.Replay"/>, exactly as the
/// projection folds them: no database, no host, no clock.
/// </summary>
public sealed class Given
{
    public static readonly DateTimeOffset T0 = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly string[] ToolNames = ["Alpha", "Beta", "Gamma", "Delta"];

    private readonly List<object> _events = [];
    private int _minutes;

    public Guid Id { get; } = Guid.NewGuid();
    public Guid Editor { get; } = Guid.NewGuid();
    public IReadOnlyList<Guid> Tools { get; }
    public List<Guid> Reviewers { get; } = [];

    private Given(int tools)
    {
        var compared = ToolNames.Take(tools).Select(name => new ComparedTool(Guid.NewGuid(), name, name + " Inc.", "Developer Tools",
            $"{name} in a line", $"{name} at length", EntryTier.Freemium, "Free to start", T0.AddDays(-1))).ToList();
        Tools = compared.Select(t => t.ToolId).ToList();
        _events.Add(new ComparisonOpened(Id, string.Join(" vs ", compared.Select(t => t.Name)), compared, Editor, T0));
    }

    /// <summary>A comparison of <paramref name="tools"/> tools with <paramref name="reviewers"/> seated reviewers.</summary>
    public static Given Comparison(int tools = 2, int reviewers = 2)
    {
        var given = new Given(tools);
        for (var i = 0; i < reviewers; i++) given.Seat($"angle {i + 1}");
        return given;
    }

    public DateTimeOffset Next() => T0.AddMinutes(++_minutes);

    public Given Seat(string angle)
    {
        var reviewer = Guid.NewGuid();
        Reviewers.Add(reviewer);
        return With(new ReviewerSeated(Id, reviewer, $"Reviewer {Reviewers.Count}", angle, Editor, Next()));
    }

    /// <summary>One string per reviewer, one letter per tool: S ship, K skip, '-' no verdict.</summary>
    public Given Verdicts(params string[] matrix)
    {
        for (var r = 0; r < matrix.Length; r++)
            for (var t = 0; t < matrix[r].Length; t++)
            {
                if (matrix[r][t] == '-') continue;
                With(new VerdictSubmitted(Id, Tools[t], Reviewers[r], matrix[r][t] == 'S' ? Decision.Ship : Decision.Skip,
                    $"Reviewer {r + 1} on {ToolNames[t]}.", null, Next()));
            }
        return this;
    }

    public Given With(object @event)
    {
        _events.Add(@event);
        return this;
    }

    /// <summary>The editor's verdict (publication requires one), optionally recommending tool number <paramref name="recommend"/>.</summary>
    public Given BottomLine(int? recommend = null, string text = "The panel's bottom line, in a sentence or two.") =>
        With(new EditorsVerdictWritten(Id, text, recommend is { } i ? Tools[i] : null, Editor, Next()));

    /// <summary>Reviewer number <paramref name="reviewer"/> declares a conflict naming tool number <paramref name="tool"/> (none for null).</summary>
    public Given Declares(int reviewer, int? tool, string description = "Advised the vendor in 2025.") =>
        With(new ConflictsDeclared(Id, Reviewers[reviewer], [new DeclaredConflict(description, tool is { } t ? Tools[t] : null)], Next()));

    public Given ConflictFree(int tool) => With(new ConflictFreeRequired(Id, Tools[tool], true, Editor, Next()));

    public Given Withdrawn(int reviewer, int tool) =>
        With(new VerdictWithdrawn(Id, Tools[tool], Reviewers[reviewer], "A conflict.", Next()));

    public IReadOnlyList<object> Events => _events;

    public Comparison State => _events.Aggregate((Comparison?)null, (state, e) => ComparisonProjection.Replay(state, e))!;

    /// <summary>Applies an outcome's events, as the write path would.</summary>
    public Given Apply(Outcome outcome)
    {
        Assert.Null(outcome.Problem);
        foreach (var e in outcome.Events) With(e);
        return this;
    }
}

public static class Outcomes
{
    public static ProblemDetails ShouldBeProblem(this Outcome outcome, int status)
    {
        Assert.Empty(outcome.Events);
        Assert.NotNull(outcome.Problem);
        Assert.Equal(status, outcome.Problem.Status);
        return outcome.Problem;
    }

    public static T ShouldAppendOne<T>(this Outcome outcome)
    {
        Assert.Null(outcome.Problem);
        return Assert.IsType<T>(Assert.Single(outcome.Events));
    }

    public static string[] FieldErrors(this ProblemDetails problem, string field) =>
        Assert.IsType<ValidationProblemDetails>(problem).Errors[field];
}
