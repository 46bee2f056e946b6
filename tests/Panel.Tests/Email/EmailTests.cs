using System.Diagnostics;
using System.Text.Json.Nodes;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using Panel.Tests.Infrastructure;
using Panel.Tests.Reliability;

namespace Panel.Tests.Email;

/// <summary>
/// Email against a real SMTP server that the test starts: invitations and sign-in links arrive, sign in once,
/// and say why when they no longer work; a link for an unknown address sends nothing and answers the same page;
/// a mail server that is down gets the email once it is back, or a dead letter an admin replays. Each test has
/// a database and a service of its own (the shared host has no mail server), in the "api" collection.
/// </summary>
[Collection("api")]
public class EmailTests : IAsyncLifetime
{
    private MailServer _mail = null!;
    private IAlbaHost _host = null!;
    private Scenarios Api => new(_host);

    public async Task InitializeAsync()
    {
        _mail = await MailServer.StartAsync();
        _host = await Start("panel_email");
    }

    private async Task<IAlbaHost> Start(string database, Dictionary<string, string>? more = null)
    {
        var settings = _mail.Settings();
        settings["ConnectionStrings:Marten"] = await TestDatabases.CreateAsync(database);
        settings["Panel:Smtp:FirstRetrySeconds"] = "0.2";
        settings["Panel:Smtp:MaxRetrySeconds"] = "0.4";
        settings["Panel:Smtp:RetryForSeconds"] = "3";
        settings["Panel:Smtp:TimeoutSeconds"] = "2";
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return await AppFixture.StartAsync(demo: false, settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _mail.DisposeAsync();
    }

    private async Task<(Guid Id, string Email)> Person(string role = "Reviewer", string? email = null)
    {
        email ??= $"p{Guid.NewGuid():N}"[..12] + "@example.org";
        var created = await Api.Json(HttpMethod.Post, "/api/users", Scenarios.Admin, new { name = "Ada " + email[..6], role, email }, 201);
        return (Guid.Parse((string)created["id"]!), (string)created["email"]!);
    }

    private static string PathOf(string link) => new Uri(link).PathAndQuery;

    private async Task<JsonArray> Emails(string? status = null) =>
        (JsonArray)await Api.Get("/api/emails" + (status is null ? "" : $"?status={status}"), Scenarios.Admin);

    private async Task<JsonArray> WaitForEmails(Func<JsonArray, bool> done, string what, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var got = await Emails();
            if (done(got)) return got;
            if (DateTime.UtcNow > until) Assert.Fail($"Waited {seconds} s for {what}; the outbox holds {got.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task an_invitation_arrives_with_text_and_html_its_link_signs_in_once_and_a_second_use_is_refused()
    {
        var (id, email) = await Person("Reviewer", "  Grace.Hopper@Example.ORG ");
        Assert.Equal("grace.hopper@example.org", email);

        var sent = await Api.Json(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, 202);
        Assert.Equal(email, (string)sent["email"]!);
        Assert.InRange((DateTimeOffset)sent["expiresAt"]!, DateTimeOffset.UtcNow.AddHours(71), DateTimeOffset.UtcNow.AddHours(73));

        var message = (await _mail.WaitFor(m => m.Count == 1, "the invitation")).Single();
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        Assert.Equal("panel@example.org", message.From.Mailboxes.Single().Address);
        Assert.Equal("You are invited to Panel", message.Subject);
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.Contains("as a reviewer", message.TextBody);
        Assert.NotNull(message.HtmlBody);
        var link = MailServer.Link(message);
        Assert.StartsWith("https://panel.example.org/sign-in/link/", link);
        Assert.Contains($"href=\"{link}\"", message.HtmlBody);
        // The database keeps only a hash of the code: the link is in no stored document or event.
        var code = link[(link.LastIndexOf('/') + 1)..];
        Assert.DoesNotContain(code, await DatabaseText());

        using var browser = new BrowserSession(_host);
        var followed = await browser.Get(PathOf(link));
        Assert.Equal(303, followed.Status);
        Assert.Equal("/workspace", followed.Location);
        Assert.NotNull(browser.Cookie("panel_session"));
        var workspace = await browser.Get("/workspace");
        Assert.Equal(200, workspace.Status);
        Assert.Contains("Ada", workspace.Text);

        using var other = new BrowserSession(_host);
        var again = await other.Get(PathOf(link));
        Assert.Equal(410, again.Status);
        Assert.Contains("already been used", again.Main);
        Assert.Null(other.Cookie("panel_session"));
        // It offers a new link by email.
        Assert.NotNull(again.Document.QuerySelector("form[action='/sign-in/link'] input[name='email']"));

        var outbox = await WaitForEmails(e => e.Count == 1 && (string)e[0]!["status"]! == "Sent", "the email recorded as sent");
        Assert.Equal("invitation", (string)outbox[0]!["kind"]!);
        Assert.Equal(1, (int)outbox[0]!["attempts"]!);
        Assert.Null(outbox[0]!["body"]);
    }

    private async Task<string> DatabaseText()
    {
        var store = _host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using var session = store.QuerySession();
        var docs = await session.AdvancedSql.QueryAsync<string>("select data::text from panel.mt_doc_user union all select data::text from panel.mt_events", CancellationToken.None);
        var emails = await session.AdvancedSql.QueryAsync<string>("select data::text from panel.mt_doc_outgoingemail", CancellationToken.None);
        return string.Join("\n", docs.Concat(emails));
    }

    [Fact]
    public async Task a_newer_invitation_supersedes_the_older_link_and_the_page_says_so()
    {
        var (id, _) = await Person();
        await Api.Json(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, 202);
        await Api.Json(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, 202);
        var messages = await _mail.WaitFor(m => m.Count == 2, "two invitations");
        var links = messages.Select(m => MailServer.Link(m)).ToList();
        Assert.NotEqual(links[0], links[1]);
        // Sent in order; whichever arrived first, the one issued first is replaced.
        var outbox = await WaitForEmails(e => e.Count == 2 && e.All(x => (string)x!["status"]! == "Sent"), "both sent");
        var firstId = (string)outbox[1]!["id"]!;
        var first = messages.Single(m => m.Headers["X-Panel-Email"] == firstId);
        var second = messages.Single(m => m != first);

        using var browser = new BrowserSession(_host);
        var old = await browser.Get(PathOf(MailServer.Link(first)));
        Assert.Equal(410, old.Status);
        Assert.Contains("newer sign-in link", old.Main);
        Assert.Equal(303, (await browser.Get(PathOf(MailServer.Link(second)))).Status);
    }

    [Fact]
    public async Task a_sign_in_link_for_an_unknown_address_sends_nothing_and_answers_the_same_page_in_the_same_time()
    {
        var (_, known) = await Person("Editor");
        const string unknown = "nobody-here@example.org";
        using var browser = new BrowserSession(_host);
        await browser.Get("/sign-in");

        async Task<(string Text, int Status, double Ms)> Ask(string address)
        {
            var clock = Stopwatch.StartNew();
            var page = await browser.Post("/sign-in/link", [("email", address)]);
            var ms = clock.Elapsed.TotalMilliseconds;
            return (page.Main.Replace(address, "ADDRESS"), page.Status, ms);
        }

        var forKnown = await Ask(known);
        var forUnknown = await Ask(unknown);
        Assert.Equal(200, forKnown.Status);
        Assert.Equal(forKnown.Status, forUnknown.Status);
        Assert.Equal(forKnown.Text, forUnknown.Text);
        Assert.Contains("If ADDRESS belongs to someone", forKnown.Text);

        var message = (await _mail.WaitFor(m => m.Count == 1, "the link for the known address")).Single();
        Assert.Equal(known, message.To.Mailboxes.Single().Address);
        Assert.Equal("Your Panel sign-in link", message.Subject);
        Assert.Contains("15 minutes", message.TextBody);
        await Task.Delay(1000);
        Assert.Single(_mail.Messages);

        // Timing: interleaved, medians of many; both paths queue one durable message and nothing else.
        var times = new List<double>[] { [], [] };
        for (var i = 0; i < 12; i++)
        {
            times[0].Add((await Ask($"k{i}-" + known)).Ms);
            times[1].Add((await Ask($"u{i}-" + unknown)).Ms);
        }
        var (a, b) = (Median(times[0]), Median(times[1]));
        Assert.True(Math.Abs(a - b) < 5, $"median {a:0.0} ms for known-shaped addresses and {b:0.0} ms for unknown ones");

        // The link signs the editor in.
        Assert.Equal(303, (await new BrowserSession(_host).Get(PathOf(MailServer.Link(message)))).Status);
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    [Fact]
    public async Task a_malformed_address_is_a_field_error_and_sends_nothing()
    {
        using var browser = new BrowserSession(_host);
        await browser.Get("/sign-in");
        var page = await browser.Post("/sign-in/link", [("email", "not an address")]);
        Assert.Equal(400, page.Status);
        Assert.Contains("plain address", page.Document.QuerySelector("#email-error")?.TextContent ?? page.Main);
        Assert.Equal("not an address", page.Document.QuerySelector("#email")!.GetAttribute("value"));
        await Task.Delay(500);
        Assert.Empty(_mail.Messages);
    }

    [Fact]
    public async Task with_the_mail_server_down_for_a_while_the_email_is_retried_and_arrives_once_when_it_is_back()
    {
        var (id, _) = await Person();
        await _mail.StopAsync();
        await Api.Json(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, 202);

        var failing = await WaitForEmails(e => e.Count == 1 && (int)e[0]!["attempts"]! >= 2, "two failed attempts");
        Assert.Equal("Pending", (string)failing[0]!["status"]!);
        Assert.Contains("127.0.0.1", (string)failing[0]!["lastError"]!);

        await _mail.StartAgainAsync();
        await _mail.WaitFor(m => m.Count == 1, "the invitation after the outage");
        var sent = await WaitForEmails(e => (string)e[0]!["status"]! == "Sent", "the email recorded as sent");
        Assert.True((int)sent[0]!["attempts"]! >= 3);
        await Task.Delay(1000);
        Assert.Single(_mail.Messages);
    }

    [Fact]
    public async Task an_email_that_cannot_be_sent_in_time_is_dead_lettered_and_a_replay_sends_it_once_with_the_same_message_id()
    {
        var (id, _) = await Person();
        await _mail.StopAsync();
        await Api.Json(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, 202);
        var dead = await WaitForEmails(e => e.Count == 1 && (string)e[0]!["status"]! == "DeadLettered", "the dead letter", seconds: 15);
        var emailId = (string)dead[0]!["id"]!;
        Assert.Single(await Emails("DeadLettered"));
        Assert.Empty(await Emails("Sent"));

        await _mail.StartAgainAsync();
        await Task.Delay(500);
        Assert.Empty(_mail.Messages);
        await Api.Json(HttpMethod.Post, $"/api/emails/{emailId}/replay", Scenarios.Admin, null, 202);
        var message = (await _mail.WaitFor(m => m.Count == 1, "the replayed email")).Single();
        Assert.Equal($"{Guid.Parse(emailId):N}@panel.example.org", message.MessageId);
        await WaitForEmails(e => (string)e[0]!["status"]! == "Sent", "the replay recorded as sent");
        // The replayed invitation's link still works: the email is the same one, not a new link.
        Assert.Equal(303, (await new BrowserSession(_host).Get(PathOf(MailServer.Link(message)))).Status);
        await Api.Json(HttpMethod.Post, $"/api/emails/{emailId}/replay", Scenarios.Admin, null, 202);
        await _mail.WaitFor(m => m.Count == 2, "a second replay");
        Assert.Single(_mail.Messages.Select(m => m.MessageId).Distinct());
    }

    [Fact]
    public async Task an_invitation_and_a_replay_retried_with_their_idempotency_key_answer_the_same_and_send_nothing_more()
    {
        var (id, _) = await Person();
        var key = Guid.NewGuid().ToString();
        var first = await _host.Keyed(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, key);
        var again = await _host.Keyed(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, key);
        Assert.Equal(202, first.Status);
        IdempotencySteps.SameAnswer(first, again);
        var sent = await WaitForEmails(e => e.Count == 1 && (string)e[0]!["status"]! == "Sent", "the one invitation");
        var emailId = (string)sent[0]!["id"]!;

        var replayKey = Guid.NewGuid().ToString();
        var replayed = await _host.Keyed(HttpMethod.Post, $"/api/emails/{emailId}/replay", Scenarios.Admin, null, replayKey);
        await WaitForEmails(e => (string)e[0]!["status"]! == "Sent", "the replay sent");
        var replayedAgain = await _host.Keyed(HttpMethod.Post, $"/api/emails/{emailId}/replay", Scenarios.Admin, null, replayKey);
        Assert.Equal(202, replayed.Status);
        IdempotencySteps.SameAnswer(replayed, replayedAgain);
        await Task.Delay(800);
        Assert.Equal(2, _mail.Messages.Count);
        Assert.Single(await Emails());
    }

    [Fact]
    public async Task the_email_page_lists_a_dead_letter_for_admins_and_sends_it_again()
    {
        var (id, email) = await Person();
        await _mail.StopAsync();
        await Api.Json(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, 202);
        var dead = await WaitForEmails(e => e.Count == 1 && (string)e[0]!["status"]! == "DeadLettered", "the dead letter", seconds: 15);
        var emailId = (string)dead[0]!["id"]!;
        await _mail.StartAgainAsync();

        using var browser = new BrowserSession(_host);
        await browser.SignIn(Scenarios.Admin);
        var page = await browser.Get("/workspace/email?status=DeadLettered");
        Assert.Equal(200, page.Status);
        var row = page.Document.QuerySelector($"#email-{emailId}")!;
        Assert.Contains(email, row.TextContent);
        Assert.Contains("Dead-lettered", row.TextContent);
        Assert.Contains("Connection refused", row.TextContent);
        Assert.Empty((await browser.Get("/workspace/email?status=Sent")).Document.QuerySelectorAll("tbody tr"));

        var replayed = await browser.Post($"/workspace/email/{emailId}/replay", []);
        Assert.Equal(303, replayed.Status);
        await _mail.WaitFor(m => m.Count == 1, "the email sent again from the page");
        Assert.Contains("queued again", (await browser.Get(replayed.Location!)).Main);

        // Not a page for anyone else.
        var reviewer = await Api.User("Reviewer");
        using var other = new BrowserSession(_host);
        await other.SignIn(reviewer.Token);
        Assert.Equal(403, (await other.Get("/workspace/email")).Status);
    }

    [Fact]
    public async Task an_expired_link_says_so()
    {
        await _host.DisposeAsync();
        _host = await Start("panel_email_expiry", new() { ["Panel:SignIn:LinkMinutes"] = "0.03" });
        var (_, email) = await Person();
        using var browser = new BrowserSession(_host);
        await browser.Get("/sign-in");
        Assert.Equal(200, (await browser.Post("/sign-in/link", [("email", email)])).Status);
        var message = (await _mail.WaitFor(m => m.Count == 1, "the link")).Single();
        await Task.Delay(2200);
        var page = await browser.Get(PathOf(MailServer.Link(message)));
        Assert.Equal(410, page.Status);
        Assert.Contains("past its time", page.Main);
        Assert.Null(browser.Cookie("panel_session"));
    }

    [Fact]
    public async Task revoking_a_person_ends_their_unused_links()
    {
        var (id, _) = await Person();
        await Api.Json(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, 202);
        var message = (await _mail.WaitFor(m => m.Count == 1, "the invitation")).Single();
        await Api.Json(HttpMethod.Delete, $"/api/users/{id}/token", Scenarios.Admin, null, 200);
        var page = await new BrowserSession(_host).Get(PathOf(MailServer.Link(message)));
        Assert.Equal(410, page.Status);
        Assert.Contains("revoked", page.Main);
        // No invitation for someone whose access is revoked.
        var refused = await Api.Json(HttpMethod.Post, $"/api/users/{id}/invitations", Scenarios.Admin, null, 409);
        Assert.EndsWith("/person-revoked", (string)refused["type"]!);
    }

    [Fact]
    public async Task sign_in_link_requests_past_the_limit_are_answered_429_and_send_nothing_more()
    {
        await _host.DisposeAsync();
        _host = await Start("panel_email_throttle", new() { ["Panel:FailedCredentials:PermitLimit"] = "3" });
        var (_, email) = await Person();
        using var browser = new BrowserSession(_host);
        await browser.Get("/sign-in");
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await browser.Post("/sign-in/link", [("email", email)])).Status);
        var limited = await browser.Post("/sign-in/link", [("email", email.ToUpperInvariant())]);
        Assert.Equal(429, limited.Status);
        Assert.True(limited.Headers.ContainsKey("Retry-After"));
        await _mail.WaitFor(m => m.Count == 3, "three links");
        await Task.Delay(500);
        Assert.Equal(3, _mail.Messages.Count);
    }
}
