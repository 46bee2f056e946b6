using System.Threading.RateLimiting;

namespace Panel.People;

/// <summary>Configuration section <c>Panel:FailedCredentials</c>.</summary>
public sealed class CredentialBrakeOptions
{
    /// <summary>Wrong credentials one client address may present in a window.</summary>
    public int PermitLimit { get; set; } = 10;

    public int WindowSeconds { get; set; } = 60;

    /// <summary>Wrong credentials sharing their first <see cref="PrefixLength"/> characters, from anywhere, in a window.</summary>
    public int PrefixPermitLimit { get; set; } = 10;

    public int PrefixLength { get; set; } = 12;

    /// <summary>Wrong credentials from all addresses together in a window: what no spread of addresses escapes.</summary>
    public int GlobalPermitLimit { get; set; } = 300;

    /// <summary>How long a wrong credential waits for its 429 once a budget is spent: guessing gets slower, not faster.</summary>
    public int DelayMilliseconds { get; set; } = 500;
}

/// <summary>
/// Slows guessing with three budgets of wrong credentials per window: per client address, per credential
/// prefix (the same secret guessed at from many places) and for the whole service (no spread of addresses
/// escapes it). Only failures count. The brake never stops a correct credential: every one presented is
/// checked (a hash and an indexed lookup), and one that belongs to someone is let in even from a braked
/// address, so one guessing client behind a NAT locks out nobody. A wrong one past a budget waits
/// <see cref="CredentialBrakeOptions.DelayMilliseconds"/> and is answered 429 instead of 401. Tokens
/// carry 256 random bits, so letting a correct one through a brake gives a guesser nothing.
/// </summary>
public sealed class CredentialBrake(CredentialBrakeOptions options) : IDisposable
{
    public const string BlockedItem = "Panel.CredentialBrake.RetryAfter";

    private static PartitionedRateLimiter<string> Budget(int limit, int windowSeconds) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromSeconds(windowSeconds),
            QueueLimit = 0
        }));

    private readonly PartitionedRateLimiter<string> _byAddress = Budget(options.PermitLimit, options.WindowSeconds);
    private readonly PartitionedRateLimiter<string> _byPrefix = Budget(options.PrefixPermitLimit, options.WindowSeconds);
    private readonly PartitionedRateLimiter<string> _global = Budget(options.GlobalPermitLimit, options.WindowSeconds);

    /// <summary>
    /// Records a wrong credential against every budget; the answer to it is 429 (after the delay) when any
    /// budget was already spent, with the seconds until the first of them frees up.
    /// </summary>
    public async Task<int?> FailedAsync(HttpContext http, string presented, CancellationToken ct)
    {
        int? retryAfter = null;
        foreach (var (budget, key) in Keys(http, presented))
        {
            using var lease = budget.AttemptAcquire(key);
            if (lease.IsAcquired) continue;
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var w) ? Math.Max(1, (int)Math.Ceiling(w.TotalSeconds)) : options.WindowSeconds;
            retryAfter = Math.Max(retryAfter ?? 0, wait);
        }
        if (retryAfter is not null && options.DelayMilliseconds > 0)
        {
            try
            {
                await Task.Delay(options.DelayMilliseconds, ct);
            }
            catch (OperationCanceledException)
            {
                // The client gave up waiting: it is refused all the same.
            }
        }
        return retryAfter;
    }

    private IEnumerable<(PartitionedRateLimiter<string> Budget, string Key)> Keys(HttpContext http, string presented)
    {
        yield return (_byAddress, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var trimmed = presented.Trim();
        yield return (_byPrefix, trimmed.Length <= options.PrefixLength ? trimmed : trimmed[..options.PrefixLength]);
        yield return (_global, "all");
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byPrefix.Dispose();
        _global.Dispose();
    }
}
