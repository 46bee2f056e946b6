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

    public const int MinimumAdminKeyLength = 16;

    /// <summary>A guessable admin key would hand the whole service to whoever guesses it: refuse to start.</summary>
    public void Validate()
    {
        if (!string.IsNullOrEmpty(AdminKey) && AdminKey.Trim().Length < MinimumAdminKeyLength)
            throw new InvalidOperationException(
                $"Panel:AdminKey must be at least {MinimumAdminKeyLength} characters (run.sh generates one of 43).");
    }
}
