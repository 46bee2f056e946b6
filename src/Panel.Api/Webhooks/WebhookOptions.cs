namespace Panel.Webhooks;

/// <summary>Configuration section <c>Panel:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>How long one delivery attempt may take before it counts as failed.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>The wait before the first retry; each later wait doubles, up to <see cref="MaxRetrySeconds"/>.</summary>
    public double FirstRetrySeconds { get; set; } = 10;

    public double MaxRetrySeconds { get; set; } = 3600;

    /// <summary>How long a failing delivery is retried (from its first attempt) before it is dead-lettered.</summary>
    public double RetryForSeconds { get; set; } = 86400;

    /// <summary>
    /// Allow receivers on loopback, private, link-local and unspecified addresses. Off by default: a
    /// webhook must not become a way to reach the service's own network (server-side request forgery).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    public void Validate()
    {
        if (TimeoutSeconds <= 0 || FirstRetrySeconds <= 0 || MaxRetrySeconds < FirstRetrySeconds || RetryForSeconds < 0)
            throw new InvalidOperationException(
                "Panel:Webhooks: TimeoutSeconds and FirstRetrySeconds must be positive, MaxRetrySeconds at least FirstRetrySeconds, RetryForSeconds not negative.");
    }
}
