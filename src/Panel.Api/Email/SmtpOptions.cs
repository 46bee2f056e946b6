namespace Panel.Email;

public enum SmtpSecurity { None, StartTls, SslOnConnect }

/// <summary>
/// Configuration section <c>Panel:Smtp</c>. Without a host, email is off: nothing is queued, the workspace
/// says so, and what would need an email (invitations, sign-in links) is refused in words.
/// </summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Panel &lt;panel@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>How long one attempt (connect, authenticate, send) may take.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>The wait before the first retry; each later wait doubles, up to <see cref="MaxRetrySeconds"/>.</summary>
    public double FirstRetrySeconds { get; set; } = 10;

    public double MaxRetrySeconds { get; set; } = 600;

    /// <summary>How long a failing email is retried (from its first attempt) before it is dead-lettered.</summary>
    public double RetryForSeconds { get; set; } = 86400;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public void Validate()
    {
        if (!Enabled) return;
        if (Port is <= 0 or > 65535) throw new InvalidOperationException("Panel:Smtp:Port must be a TCP port (1-65535).");
        if (string.IsNullOrWhiteSpace(From) || !MimeKit.MailboxAddress.TryParse(From, out _))
            throw new InvalidOperationException("Panel:Smtp:From must be the sender's address, e.g. \"Panel <panel@example.org>\", when Panel:Smtp:Host is set.");
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
            throw new InvalidOperationException("Panel:Smtp:Username and Panel:Smtp:Password go together: set both or neither.");
        if (TimeoutSeconds <= 0 || FirstRetrySeconds <= 0 || MaxRetrySeconds < FirstRetrySeconds || RetryForSeconds < 0)
            throw new InvalidOperationException(
                "Panel:Smtp: TimeoutSeconds and FirstRetrySeconds must be positive, MaxRetrySeconds at least FirstRetrySeconds, RetryForSeconds not negative.");
    }
}
