using System.Text.Json.Nodes;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Panel.Infrastructure;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>One answer a client got: what a retry must get again.</summary>
public sealed record Answer(int Status, string Body, string? ContentType, string? Location, string? ETag, bool Replayed)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

public static class IdempotencySteps
{
    /// <summary>Sends a request with an Idempotency-Key and returns the whole answer, whatever its status.</summary>
    public static async Task<Answer> Keyed(this IAlbaHost host, HttpMethod method, string url, string? token, object? body, string key,
        string? ifMatch = null)
    {
        var result = await host.Scenario(s =>
        {
            var send = method.Method switch
            {
                "POST" => s.Post,
                "PUT" => s.Put,
                "DELETE" => s.Delete,
                _ => throw new ArgumentOutOfRangeException(nameof(method))
            };
            switch (body)
            {
                case null: send.Url(url); break;
                case string raw: send.RawJson(raw).ToUrl(url); break;
                default: send.Json(body).ToUrl(url); break;
            }
            if (token is not null) s.WithRequestHeader("Authorization", "Bearer " + token);
            if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
            s.WithRequestHeader(Idempotency.Header, key);
            s.IgnoreStatusCode();
        });
        var response = result.Context.Response;
        return new Answer(response.StatusCode, await result.ReadAsTextAsync(), response.ContentType, response.Headers.Location,
            response.Headers.ETag, response.Headers[Idempotency.ReplayedHeader] == "true");
    }

    /// <summary>Events that say something: a rolled-back append leaves a tombstone that keeps the sequence gap-free.</summary>
    public static async Task<int> EventCount(this IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return (await session.QueryAsync<int>("select count(*)::int from panel.mt_events where type <> 'tombstone'")).Single();
    }

    public static async Task<IReadOnlyList<IdempotencyRecord>> IdempotencyRecords(this IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.Query<IdempotencyRecord>().ToListAsync();
    }

    public static void SameAnswer(Answer first, Answer again)
    {
        Assert.False(first.Replayed);
        Assert.True(again.Replayed, "a replay says so in Idempotent-Replayed");
        Assert.Equal(first.Status, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(first.ContentType, again.ContentType);
        Assert.Equal(first.Location, again.Location);
        Assert.Equal(first.ETag, again.ETag);
    }
}

/// <summary>Issue 9: a client that retries a write with its Idempotency-Key gets the first answer, and the write happens once.</summary>
public class IdempotencyTests(AppFixture fixture) : ApiTest(fixture)
{
    private static string Key() => Guid.NewGuid().ToString();

    private string VerdictUrl(PanelSetup panel, int tool = 0) => $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[tool]}";

    [Fact]
    public async Task a_retried_verdict_with_its_key_gets_the_first_answer_and_appends_nothing()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];
        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship", "Fast and clear.");
        var key = Key();
        var revision = new { decision = "Skip", quote = "Slower than it looks.", reason = "Tried it on a large repository." };

        var first = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), reviewer.Token, revision, key);
        var events = await Store.EventCount();
        // Meanwhile the reviewer changes the verdict again: the retry still gets the answer it missed.
        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship", "Fast after all.", reason: "Second look.");
        var again = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), reviewer.Token, revision, key);

        Assert.Equal(200, first.Status);
        Assert.Equal("Skip", (string)first.Json["decision"]!);
        IdempotencySteps.SameAnswer(first, again);
        Assert.Equal(events + 1, await Store.EventCount());
        var history = await Api.History(panel.Editor, panel.Id);
        Assert.Single(history.AsArray(), e => e!.ToJsonString().Contains("Tried it on a large repository."));
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_422_and_appends_nothing()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];
        var key = Key();
        await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), reviewer.Token, new { decision = "Ship", quote = "Good." }, key);
        var events = await Store.EventCount();

        var other = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), reviewer.Token,
            new { decision = "Skip", quote = "Bad.", reason = "Changed my mind." }, key);
        var otherPath = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel, tool: 1), reviewer.Token, new { decision = "Ship", quote = "Good." }, key);
        var otherPrecondition = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), reviewer.Token, new { decision = "Ship", quote = "Good." }, key,
            ifMatch: "\"1\"");

        foreach (var refused in new[] { other, otherPath, otherPrecondition })
        {
            Assert.Equal(422, refused.Status);
            Assert.StartsWith("application/problem+json", refused.ContentType);
            Assert.Equal(Problem.Type("idempotency-key-reused"), (string)refused.Json["type"]!);
        }
        Assert.Equal(events, await Store.EventCount());
        Assert.Equal("Ship", (string)(await Api.Get($"/api/comparisons/{panel.Id}", panel.Editor.Token))["verdicts"]![0]!["decision"]!);
    }

    [Fact]
    public async Task two_callers_with_the_same_key_are_independent()
    {
        var panel = await Api.Panel();
        var key = Key();
        var body = new { decision = "Ship", quote = "Same words, two people." };

        var one = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, body, key);
        var two = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[1].Token, body, key);

        Assert.Equal(200, one.Status);
        Assert.Equal(200, two.Status);
        Assert.False(two.Replayed);
        Assert.Equal(panel.Reviewers[0].Id, (Guid)one.Json["reviewerId"]!);
        Assert.Equal(panel.Reviewers[1].Id, (Guid)two.Json["reviewerId"]!);
        Assert.Equal(2, (await Store.IdempotencyRecords()).Count);
    }

    [Fact]
    public async Task concurrent_requests_with_one_key_take_effect_once()
    {
        var person = await Api.User("Reviewer");
        var key = Key();
        var events = await Store.EventCount();

        // Reissuing appends on every call without a key: only the key can keep it to one.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => Host.Keyed(HttpMethod.Post, $"/api/users/{person.Id}/token", Scenarios.Admin, null, key))));

        Assert.Equal(events + 1, await Store.EventCount());
        var answered = answers.Where(a => a.Status == 200).ToList();
        Assert.NotEmpty(answered);
        Assert.All(answers, a => Assert.True(a.Status is 200 or 409, $"{a.Status}: {a.Body}"));
        Assert.All(answers.Where(a => a.Status == 409), a => Assert.Equal(Problem.Type("idempotency-key-in-flight"), (string)a.Json["type"]!));
        Assert.Single(answered.Select(a => (string)a.Json["token"]!).Distinct());
        Assert.Single(answered, a => !a.Replayed);
        // The token that was answered is the one that works.
        await Api.Get("/api/me", (string)answered[0].Json["token"]!);
    }

    [Fact]
    public async Task a_replayed_user_creation_gives_the_same_token_which_is_stored_encrypted()
    {
        var key = Key();
        var body = new { name = "Robin Retry", role = "Reviewer" };

        var first = await Host.Keyed(HttpMethod.Post, "/api/users", Scenarios.Admin, body, key);
        var again = await Host.Keyed(HttpMethod.Post, "/api/users", Scenarios.Admin, body, key);

        Assert.Equal(201, first.Status);
        IdempotencySteps.SameAnswer(first, again);
        var users = await Api.Get("/api/users", Scenarios.Admin);
        Assert.Single(users.AsArray(), u => (string)u!["name"]! == "Robin Retry");
        var token = (string)first.Json["token"]!;
        await using var session = Store.QuerySession();
        var stored = string.Join("\n", await session.QueryAsync<string>("select data::text from panel.mt_doc_idempotencyrecord"));
        Assert.Contains("Fingerprint", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token, stored);
        Assert.DoesNotContain("Robin Retry", stored);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("ключ")]
    [InlineData("bell\u0007")]
    [InlineData("256")]
    public async Task a_malformed_key_is_refused_with_400_and_changes_nothing(string key)
    {
        if (key == "256") key = new string('k', 256);
        var panel = await Api.Panel();
        var events = await Store.EventCount();

        var refused = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, new { decision = "Ship", quote = "Fine." }, key);

        Assert.Equal(400, refused.Status);
        Assert.Equal(Problem.Type("idempotency-key-invalid"), (string)refused.Json["type"]!);
        Assert.Equal(events, await Store.EventCount());
        Assert.Empty(await Store.IdempotencyRecords());
    }

    [Fact]
    public async Task the_longest_key_is_accepted()
    {
        var panel = await Api.Panel();
        var answer = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, new { decision = "Ship", quote = "Fine." },
            new string('k', Idempotency.MaxKeyLength));
        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task a_refused_request_stores_no_key_so_the_corrected_retry_takes_effect()
    {
        var panel = await Api.Panel();
        var key = Key();
        var outsider = await Api.User("Reviewer");

        var refused = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), outsider.Token, new { decision = "Ship", quote = "Fine." }, key);
        await Api.Seat(panel.Editor, panel.Id, outsider, "late arrival");
        var accepted = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), outsider.Token, new { decision = "Ship", quote = "Fine." }, key);

        Assert.Equal(403, refused.Status);
        Assert.Equal(200, accepted.Status);
        Assert.False(accepted.Replayed);
    }

    [Fact]
    public async Task a_change_whose_answer_was_lost_is_answered_from_the_state_it_left_and_not_made_twice()
    {
        var panel = await Api.Panel();
        var person = await Api.User("Reviewer");
        var verdictKey = Key();
        var tokenKey = Key();
        var verdict = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, new { decision = "Ship", quote = "Solid." }, verdictKey);
        await Host.Keyed(HttpMethod.Post, $"/api/users/{person.Id}/token", Scenarios.Admin, null, tokenKey);
        // As if the service died between the commit and storing the answer (the records came with the changes).
        await using (var session = Store.LightweightSession())
        {
            var records = await session.Query<IdempotencyRecord>().ToListAsync();
            Assert.Equal(2, records.Count(r => r.WithChange));
            foreach (var r in records) session.Store(r with { Answer = null, CreatedAt = r.CreatedAt.AddMinutes(-1) });
            await session.SaveChangesAsync();
        }
        var events = await Store.EventCount();

        var verdictAgain = await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, new { decision = "Ship", quote = "Solid." }, verdictKey);
        var tokenAgain = await Host.Keyed(HttpMethod.Post, $"/api/users/{person.Id}/token", Scenarios.Admin, null, tokenKey);

        Assert.Equal(200, verdictAgain.Status);
        Assert.True(verdictAgain.Replayed);
        Assert.Equal(verdict.Body, verdictAgain.Body);
        // A new token would be a second change: refused, and the key keeps its first change only.
        Assert.Equal(409, tokenAgain.Status);
        Assert.Equal(Problem.Type("idempotency-key-in-flight"), (string)tokenAgain.Json["type"]!);
        Assert.Equal(events, await Store.EventCount());
    }

    [Fact]
    public async Task keys_are_kept_for_the_retention_period_by_the_purge()
    {
        var panel = await Api.Panel();
        await Host.Keyed(HttpMethod.Put, VerdictUrl(panel), panel.Reviewers[0].Token, new { decision = "Ship", quote = "Kept." }, Key());

        await Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<IdempotencyPurge>().Single()
            .PurgeAsync(CancellationToken.None);

        Assert.Single(await Store.IdempotencyRecords());
    }
}

public class IdempotencyDocumentationTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task every_state_changing_api_operation_documents_the_idempotency_key_and_its_422()
    {
        var paths = (await Api.Get("/openapi/v1.json"))["paths"]!.AsObject();
        var operations = paths
            .Where(p => p.Key.StartsWith("/api/"))
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "post" or "put" or "delete").Select(o => (Route: $"{o.Key} {p.Key}", Operation: o.Value!)))
            .ToList();

        Assert.True(operations.Count >= 19, $"only {operations.Count} state-changing operations");
        Assert.All(operations, o =>
        {
            Assert.True(o.Operation["parameters"]?.AsArray().Any(x => (string)x!["name"]! == "Idempotency-Key" && (string)x["in"]! == "header") == true,
                $"{o.Route} does not document Idempotency-Key");
            Assert.NotNull(o.Operation["responses"]!["422"]);
        });
    }
}
