using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
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

    public const string TooManyNewVoters = "too-many-new-voters";

    /// <summary>
    /// Only published comparisons take votes, and only for their own tools; a repeat vote changes nothing.
    /// A voter new to the comparison counts against their network's allowance of new voters for the day,
    /// so clearing cookies does not make a new vote without bound.
    /// </summary>
    public static Outcome Decide(ScorecardListing? published, CommunityTally? tally, Guid voterId, string network, Guid toolId,
        DateTimeOffset at, int newVotersPerNetworkPerDay)
    {
        if (published is null) return Problems.NotFound("published scorecard", "given");
        if (published.Retraction is { } retraction)
            return Problems.Conflict("retracted", "The comparison is retracted.",
                $"Version {retraction.Version} was retracted: \"{retraction.Note}\". It stays readable but takes no more votes.");
        if (published.Tools.All(t => t.ToolId != toolId))
            return Problems.Validation("toolId", "That tool is not part of this comparison.");
        if (tally is not null && tally.Ballots.TryGetValue(voterId, out var current))
            return current == toolId ? Outcome.Unchanged : Outcome.Append(new VoteCast(published.Id, voterId, toolId, at));

        var day = DateOnly.FromDateTime(at.UtcDateTime);
        if ((tally?.ArrivalsFrom(network, day) ?? 0) >= newVotersPerNetworkPerDay)
        {
            return new ProblemDetails
            {
                Type = Problems.TypeBase + TooManyNewVoters,
                Title = "Too many new voters from this network today.",
                Status = StatusCodes.Status429TooManyRequests,
                Detail = $"Your network has already brought {newVotersPerNetworkPerDay} new voters to this comparison today. " +
                         "Votes from voters it already counts can still change; new ones count again tomorrow (UTC)."
            };
        }
        return Outcome.Append(new VoterArrived(published.Id, voterId, network, day, at), new VoteCast(published.Id, voterId, toolId, at));
    }

    [WolverinePost("/api/scorecards/{id}/votes", OperationId = "castVote")]
    [EndpointSummary("Cast a community vote")]
    [EnableRateLimiting(RateLimitPolicy)]
    [ProducesResponseType<VoteResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Post(Guid id, CastVote command, HttpContext http, Voters voters, Networks networks,
        IOptions<VoteLimits> limits, IDocumentStore store, TimeProvider clock) =>
        Vote(id, command.ToolId.Checked(), http, voters, networks, limits.Value, store, clock,
            (tally, voter) => Results.Ok(new VoteResult(id, tally.Ballots[voter], tally.Votes, tally.Tools)),
            problem => problem.ToResult());

    internal static async Task<IResult> Vote(Guid id, Guid toolId, HttpContext http, Voters voters, Networks networks, VoteLimits limits,
        IDocumentStore store, TimeProvider clock, Func<CommunityTally, Guid, IResult> respond, Func<ProblemDetails, IResult> refuse)
    {
        ScorecardListing? published;
        await using (var session = store.QuerySession())
        {
            published = await session.LoadAsync<ScorecardListing>(id, http.RequestAborted);
        }
        var voter = voters.IdentifyOrIssue(http);
        var network = await networks.KeyOf(http.Connection.RemoteIpAddress, http.RequestAborted);
        var now = clock.GetUtcNow();
        var written = await EventStreams.WriteAsync<CommunityTally>(store, CommunityTally.StreamIdFor(id), "stream", mayStart: true,
            ETags.ReadIfMatch(http.Request), tally => Decide(published, tally, voter, network, toolId, now, limits.NewVotersPerNetworkPerDay),
            http.RequestAborted);
        if (written.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status429TooManyRequests)
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling((now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds)).ToString();
            return refuse(problem);
        }
        ETags.Set(http.Response, written.Version);
        return respond(written.State!, voter);
    }
}

/// <summary>The page's vote form (works without JavaScript): vote, then back to the page.</summary>
public static class VotingFromPageEndpoint
{
    [WolverinePost("/scorecards/{id}/votes", OperationId = "castVoteFromPage")]
    [EnableRateLimiting(VotingEndpoint.RateLimitPolicy)]
    [ExcludeFromDescription]
    public static async Task<IResult> PostForm(Guid id, HttpContext http, Voters voters, Networks networks, IOptions<VoteLimits> limits,
        IDocumentStore store, TimeProvider clock)
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
        return await VotingEndpoint.Vote(id, toolId, http, voters, networks, limits.Value, store, clock,
            (_, _) => SeeOther(http, $"/scorecards/{id}?voted=1#community"),
            problem => problem.Status == StatusCodes.Status429TooManyRequests ? Refused(http, "new-voters") : problem.ToResult());
    }

    public static bool IsPageForm(HttpRequest request) =>
        request.Method == HttpMethods.Post && request.Path.StartsWithSegments("/scorecards") && request.Path.Value!.EndsWith("/votes");

    /// <summary>Back to the page, which says in words why the vote was not counted (never JSON in a browser).</summary>
    public static IResult Refused(HttpContext http, string why)
    {
        var page = http.Request.Path.ToUriComponent()[..^"/votes".Length];
        return SeeOther(http, $"{page}?refused={why}#community");
    }

    /// <summary>
    /// 303: the browser follows with a GET, so a reload does not post the vote again. The page's path comes
    /// from the request (the rate limiter refuses before the id is read), so it is made header-safe first.
    /// </summary>
    private static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = LocalRedirects.Local(location) ?? "/";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
