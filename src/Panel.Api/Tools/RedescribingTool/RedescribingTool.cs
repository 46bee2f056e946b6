namespace Panel.Tools.RedescribingTool;

public sealed record RedescribeTool(string? Name, string? Tagline, string? Description);

public static class RedescribingToolEndpoint
{
    public static ProblemDetails Validate(RedescribeTool? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors()
            .Name("name", command.Name, 100)
            .Text("tagline", command.Tagline, 200)
            .Text("description", command.Description, 4000)
            .ToProblem();

    /// <summary>
    /// New wording for the tool. A name another tool holds (in any letter case) is refused; the same
    /// wording again changes nothing.
    /// </summary>
    public static Outcome Decide(Tool tool, RedescribeTool command, bool nameTakenByAnother, Guid by, DateTimeOffset at)
    {
        var name = Names.Normalize(command.Name.Checked());
        var tagline = command.Tagline.Checked().Trim();
        var description = command.Description.Checked().Trim();
        if (nameTakenByAnother) return Duplicate(name);
        return tool.Name == name && tool.Tagline == tagline && tool.Description == description
            ? Outcome.Unchanged
            : Outcome.Append(new ToolRedescribed(tool.Id, name, tagline, description, by, at));
    }

    public static ProblemDetails Duplicate(string name) =>
        Problems.Conflict("duplicate-tool", "A tool with that name exists.", $"There is already a tool named '{name}'.");

    /// <summary>A name that reads the same as another tool's (in another case, spacing, accent or alphabet).</summary>
    public static ProblemDetails Duplicate(string name, string holder) =>
        Problems.Conflict("duplicate-tool", "A tool with that name exists.",
            $"'{name}' reads the same as the name of the tool '{holder}'; choose a name that looks different.");

    /// <summary>Comparisons keep the wording they captured until an editor applies the new facts to them.</summary>
    [EndpointSummary("Reword a tool (name, tagline, description)")]
    [WolverinePut("/api/tools/{id}/description", OperationId = "redescribeTool")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ToolView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Put(Guid id, RedescribeTool command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store,
        TimeProvider clock)
    {
        var taken = await NameTakenAsync(store, id, command.Name.Checked(), http.RequestAborted);
        try
        {
            return await EventStreams.Change<Tool>(store, http, id, "tool",
                tool => Decide(tool, command, taken, caller.Id(), clock.GetUtcNow()),
                (tool, _) => Results.Ok(ToolView.Of(tool)));
        }
        catch (Exception e) when (EventStreams.IsUniqueViolation(e))
        {
            // Another tool took the name between the check and the write.
            return Duplicate(Names.Normalize(command.Name.Checked())).ToResult();
        }
    }

    /// <summary>Does a tool other than <paramref name="id"/> go by a name that reads the same (<see cref="Tool.KeyOf"/>)?</summary>
    public static async Task<bool> NameTakenAsync(IDocumentStore store, Guid id, string name, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var key = Tool.KeyOf(name);
        return await session.Query<Tool>().AnyAsync(x => x.NameKey == key && x.Id != id, ct);
    }
}
