namespace Panel.Infrastructure;

/// <summary>Configuration section <c>Panel</c>.</summary>
public sealed class PanelOptions
{
    /// <summary>The first admin credential (<c>Panel__AdminKey</c>). Without it no one can create users.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Load the demo comparison of the seed page on start.</summary>
    public bool Demo { get; set; }

    /// <summary>
    /// Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto to believe, so that rate
    /// limits count each client rather than the proxy. Empty: nobody's, the connection's address counts.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>
    /// The address readers use (<c>https://panel.example.org</c>): absolute links in the feed and the pages
    /// are built from it. Unset, they are built from the request's scheme and Host.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Base64 of 32 random bytes that encrypts the Data Protection keys stored in PostgreSQL
    /// (<see cref="KeyEncryptor"/>). Without it they are stored unencrypted, and the service says so.
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>How much the in-memory caches hold (<c>Panel:Cache</c>).</summary>
    public CacheOptions Cache { get; set; } = new();

    public const int MinimumAdminKeyLength = 16;

    /// <summary>Where absolute links point: the configured public address, or the one the request came to.</summary>
    public string SiteUrl(HttpRequest request) =>
        string.IsNullOrWhiteSpace(PublicUrl) ? $"{request.Scheme}://{request.Host}" : PublicUrl.Trim().TrimEnd('/');

    /// <summary>
    /// Where links in emails point. Always the configured address, never the request's Host: a link built from
    /// a forged Host would carry a working sign-in code to someone else's site.
    /// </summary>
    public string EmailSiteUrl() => string.IsNullOrWhiteSpace(PublicUrl)
        ? throw new InvalidOperationException("Email needs Panel:PublicUrl (checked at start-up).")
        : PublicUrl.Trim().TrimEnd('/');

    /// <summary>A guessable admin key would hand the whole service to whoever guesses it: refuse to start.</summary>
    public void Validate()
    {
        if (!string.IsNullOrEmpty(AdminKey) && AdminKey.Trim().Length < MinimumAdminKeyLength)
            throw new InvalidOperationException(
                $"Panel:AdminKey must be at least {MinimumAdminKeyLength} characters (run.sh generates one of 43).");
        KeyEncryptor.Read(KeyEncryptionKey);
        if (!string.IsNullOrWhiteSpace(PublicUrl)
            && !(Uri.TryCreate(PublicUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query == "" && url.Fragment == ""))
            throw new InvalidOperationException($"Panel:PublicUrl must be an absolute http(s) address without query, e.g. https://panel.example.org (it is '{PublicUrl}').");
    }
}

/// <summary>Configuration section <c>Panel:Cache</c>: bounds on what the caches hold, so memory stays flat.</summary>
public sealed class CacheOptions
{
    /// <summary>Comparisons whose published scorecards are held in memory (and as many community tallies).</summary>
    public int Scorecards { get; set; } = 2000;

    /// <summary>Bearer tokens whose caller is held in memory.</summary>
    public int Tokens { get; set; } = 10000;

    /// <summary>How often other processes' votes are looked for, in seconds: how far the community figure may lag.</summary>
    public double TallySeconds { get; set; } = 2;
}
