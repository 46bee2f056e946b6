using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Panel.Email;
using Wolverine;

namespace Panel.People.SignInLinks;

/// <summary>Someone asked for a sign-in link for this address (normalised). Whether anybody has it is the handler's business.</summary>
public sealed record IssueSignInLink(string Email, DateTimeOffset At);

/// <summary>
/// Every request for a link costs the same, known address or not: the page only queues this durable message,
/// and the handler looks the address up later. So neither the answer nor its timing tells who has an account.
/// </summary>
public static class IssueSignInLinkHandler
{
    public static async Task Handle(IssueSignInLink message, IDocumentSession session, IMessageBus bus, Mailer mailer,
        IOptions<SignInOptions> options, IOptions<PanelOptions> panel, CancellationToken ct)
    {
        if (!mailer.Enabled) return;
        var user = await session.Query<User>().FirstOrDefaultAsync(x => x.Email == message.Email, ct);
        if (user is null || user.Revoked) return;
        await SignInLinkMail.IssueAsync(session, bus, mailer, user, LinkPurpose.SignIn, TimeSpan.FromMinutes(options.Value.LinkMinutes),
            panel.Value.EmailSiteUrl(), user.Id, message.At);
    }
}

/// <summary>
/// Requests for links, counted per client address and per email address with the credential brake's limits:
/// nobody can flood an inbox, and nobody can probe many addresses from one place.
/// </summary>
public sealed class SignInLinkThrottle(CredentialBrakeOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _requests = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = TimeSpan.FromSeconds(options.WindowSeconds),
            QueueLimit = 0
        }));

    /// <summary>Takes one request from both budgets; false (with the wait) when either is spent.</summary>
    public bool TryTake(HttpContext http, string email, out int retryAfterSeconds)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var byAddress = _requests.AttemptAcquire("address:" + address);
        using var byEmail = _requests.AttemptAcquire("email:" + email);
        var refused = !byAddress.IsAcquired ? byAddress : !byEmail.IsAcquired ? byEmail : null;
        retryAfterSeconds = refused is null ? 0
            : refused.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : options.WindowSeconds;
        return refused is null;
    }

    public void Dispose() => _requests.Dispose();
}
