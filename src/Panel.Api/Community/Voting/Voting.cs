using Microsoft.AspNetCore.RateLimiting;
using Panel.Scorecards;

namespace Panel.Community.Voting;

public sealed record CastVote(Guid? ToolId);

/// <summary>The community figures after the vote, and which tool this voter's standing vote is for.</summary>
public sealed record VoteResult(Guid ComparisonId, Guid YourVote, int Votes, IReadOnlyList<ToolVotes> Tools);

public static class VotingEndpoint
{
    public const string RateLimitPolicy = "votes";

    public static ProblemDetails Validate(CastVote? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Id("toolId", command.ToolId).ToProblem();

    /// <summary>Only published comparisons take votes, and only for their own tools; a repeat vote changes nothing.</summary>
    public static Outcome Decide(ScorecardListing? published, CommunityTally? tally, Guid voterId, Guid toolId, DateTimeOffset at)
    {
        if (published is null) return Problems.NotFound("published scorecard", "given");
        if (published.Tools.All(t => t.ToolId != toolId))
            return Problems.Validation("toolId", "That tool is not part of this comparison.");
        if (tally is not null && tally.Ballots.TryGetValue(voterId, out var current) && current == toolId)
            return Outcome.Unchanged;
        return Outcome.Append(new VoteCast(published.Id, voterId, toolId, at));
    }

    [WolverinePost("/api/scorecards/{id}/votes", OperationId = "castVote")]
    [EnableRateLimiting(RateLimitPolicy)]
    [ProducesResponseType<VoteResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static Task<IResult> Post(Guid id, CastVote command, HttpContext http, Voters voters, IDocumentStore store, TimeProvider clock) =>
        Vote(id, command.ToolId!.Value, http, voters, store, clock,
            (tally, voter) => Results.Ok(new VoteResult(id, tally.Ballots[voter], tally.Votes, tally.Tools)));

    internal static async Task<IResult> Vote(Guid id, Guid toolId, HttpContext http, Voters voters, IDocumentStore store,
        TimeProvider clock, Func<CommunityTally, Guid, IResult> respond)
    {
        ScorecardListing? published;
        await using (var session = store.QuerySession())
        {
            published = await session.LoadAsync<ScorecardListing>(id, http.RequestAborted);
        }
        var voter = voters.IdentifyOrIssue(http);
        return await EventStreams.ChangeOrStart<CommunityTally>(store, http, CommunityTally.StreamIdFor(id),
            tally => Decide(published, tally, voter, toolId, clock.GetUtcNow()),
            (tally, _) => respond(tally, voter));
    }
}

/// <summary>The page's vote form (works without JavaScript): vote, then back to the page.</summary>
public static class VotingFromPageEndpoint
{
    [WolverinePost("/scorecards/{id}/votes", OperationId = "castVoteFromPage")]
    [EnableRateLimiting(VotingEndpoint.RateLimitPolicy)]
    [ExcludeFromDescription]
    public static async Task<IResult> PostForm(Guid id, HttpContext http, Voters voters, IDocumentStore store, TimeProvider clock)
    {
        IFormCollection? form = null;
        try
        {
            if (http.Request.HasFormContentType) form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A multipart body without a boundary, or cut short: the client sent no readable form.
        }
        if (!Guid.TryParse(form?["toolId"], out var toolId))
            return Problems.Validation("toolId", "Choose a tool.").ToResult();
        return await VotingEndpoint.Vote(id, toolId, http, voters, store, clock,
            (_, _) => SeeOther(http, $"/scorecards/{id}?voted=1#community"));
    }

    /// <summary>303: the browser follows with a GET, so a reload does not post the vote again.</summary>
    private static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
