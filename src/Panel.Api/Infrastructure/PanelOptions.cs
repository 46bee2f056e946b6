namespace Panel.Infrastructure;

/// <summary>Configuration section <c>Panel</c>.</summary>
public sealed class PanelOptions
{
    /// <summary>The first admin credential (<c>Panel__AdminKey</c>). Without it no one can create users.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Load the demo comparison of the seed page on start.</summary>
    public bool Demo { get; set; }
}
