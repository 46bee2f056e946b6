namespace Panel.Infrastructure;

/// <summary>
/// When a failed delivery (a webhook's POST, an email) is tried again: a wait that doubles from the first
/// retry up to the longest, for as long as the round's retry time allows. Null: the retry would come after
/// it, so the delivery is dead-lettered and only a replay (a new round) sends it again.
/// </summary>
public static class Backoff
{
    public static DateTimeOffset? RetryAt(int failuresThisRound, DateTimeOffset roundStartedAt, DateTimeOffset at,
        double firstRetrySeconds, double maxRetrySeconds, double retryForSeconds)
    {
        var wait = TimeSpan.FromSeconds(Math.Min(firstRetrySeconds * Math.Pow(2, Math.Max(0, failuresThisRound - 1)), maxRetrySeconds));
        var retryAt = at + wait;
        return retryAt > roundStartedAt + TimeSpan.FromSeconds(retryForSeconds) ? null : retryAt;
    }
}
