using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.SettingDeadline;

public sealed record SetDeadline(DateTimeOffset? DueAt, DateTimeOffset? RemindAt = null);

/// <summary>The deadline as it now stands (null when cleared), with the comparison's version.</summary>
public sealed record DeadlineView(Guid ComparisonId, DateTimeOffset? DueAt, DateTimeOffset? RemindAt, bool Reminded, bool Overdue, long Version)
{
    public static DeadlineView Of(Comparison c, long version) =>
        new(c.Id, c.Deadline?.DueAt, c.Deadline?.RemindAt, c.Deadline?.Reminded ?? false, c.Overdue, version);
}

public static class SettingDeadlineEndpoint
{
    public static ProblemDetails Validate(SetDeadline? command)
    {
        if (command is null) return FieldErrors.MissingBody();
        var errors = new FieldErrors().Required("dueAt", command.DueAt);
        if (command is { DueAt: not null, RemindAt: not null } && command.RemindAt >= command.DueAt)
            errors.Add("remindAt", "remindAt must be before dueAt.");
        return errors.ToProblem();
    }

    /// <summary>
    /// Setting or moving the deadline is a new deadline (a new id): whatever was scheduled for the old one
    /// finds itself superseded. Times already past are refused; the same deadline again changes nothing.
    /// </summary>
    public static Outcome Decide(Comparison c, DateTimeOffset dueAt, DateTimeOffset? remindAt, Guid deadlineId, Guid by, DateTimeOffset at)
    {
        dueAt = dueAt.ToUniversalTime();
        remindAt = remindAt?.ToUniversalTime();
        if (dueAt <= at) return Problems.Validation("dueAt", "dueAt must be in the future.");
        if (remindAt <= at) return Problems.Validation("remindAt", "remindAt must be in the future.");
        if (c.Deadline is { } current && current.DueAt == dueAt && current.RemindAt == remindAt) return Outcome.Unchanged;
        return Outcome.Append(new DeadlineSet(c.Id, deadlineId, dueAt, remindAt, by, at));
    }

    [WolverinePut("/api/comparisons/{id}/deadline", OperationId = "setDeadline")]
    [EndpointSummary("Set the panel's deadline")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<DeadlineView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Put(Guid id, SetDeadline command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        return EventStreams.Answer(http, SetAsync(store, id, command, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            (c, version) => Results.Ok(DeadlineView.Of(c, version)));
    }

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> SetAsync(IDocumentStore store, Guid id, SetDeadline command, IfMatch? expected, Guid by,
        DateTimeOffset at, CancellationToken ct)
    {
        var deadlineId = Guid.NewGuid();
        return ComparisonStream.WriteAsync(store, id, expected, Validate(command),
            c => Decide(c, command.DueAt.Checked(), command.RemindAt, deadlineId, by, at), ct);
    }
}

/// <summary>The editor's deadline form (times in UTC, as the form says): the same entry point as the API's.</summary>
public static class SettingDeadlineForm
{
    [WolverinePost("/workspace/comparisons/{id}/deadline"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Deadline,
            form => ComparisonForm.Utc(form.Text("remindAt")) is null && form.Text("remindAt") is not null
                ? Task.FromResult(StreamWrite<Comparison>.Refused(Problems.Validation("remindAt", "Enter the reminder as a date and time.")))
                : SettingDeadlineEndpoint.SetAsync(store, id, new SetDeadline(ComparisonForm.Utc(form.Text("dueAt")), ComparisonForm.Utc(form.Text("remindAt"))),
                    null, caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            _ => Done.DeadlineSet);
}
