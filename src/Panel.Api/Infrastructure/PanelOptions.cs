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
}
