using System.Threading.RateLimiting;

namespace Panel.People;

/// <summary>Configuration section <c>Panel:FailedCredentials</c>.</summary>
public sealed class CredentialBrakeOptions
{
    public int PermitLimit { get; set; } = 10;
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Slows guessing: a client address that presents more wrong credentials than the limit in a window is
/// answered 429 until the window ends. Only failures count, so a person with a valid token, anywhere,
/// is never slowed; other addresses are unaffected.
/// </summary>
public sealed class CredentialBrake(CredentialBrakeOptions options) : IDisposable
{
    public const string BlockedItem = "Panel.CredentialBrake.RetryAfter";

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = TimeSpan.FromSeconds(options.WindowSeconds),
            QueueLimit = 0
        }));

    /// <summary>Has this address used up its failures? Then the answer is 429, whatever it presents.</summary>
    public bool IsBlocked(HttpContext http, out int retryAfterSeconds)
    {
        using var probe = _failures.AttemptAcquire(AddressOf(http), 0);
        retryAfterSeconds = probe.IsAcquired ? 0
            : probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : options.WindowSeconds;
        return !probe.IsAcquired;
    }

    public void Failed(HttpContext http) => _failures.AttemptAcquire(AddressOf(http)).Dispose();

    private static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _failures.Dispose();
}
