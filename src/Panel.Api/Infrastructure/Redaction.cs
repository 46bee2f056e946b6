using Npgsql;

namespace Panel.Infrastructure;

/// <summary>
/// The command line's <c>describe</c> prints every configuration value; this masks the secrets among them
/// (keys, passwords, tokens, and the password inside a connection string) before it does.
/// </summary>
public static class Redaction
{
    public const string Mask = "(redacted)";
    private static readonly string[] SecretWords = ["key", "secret", "password", "token", "pwd", "credential"];

    /// <summary>
    /// Replaces every configuration source by one holding the same values, secrets masked: describe
    /// shows each source's value, so an override alone would still print the original beneath it.
    /// </summary>
    public static void Apply(ConfigurationManager configuration)
    {
        var values = configuration.AsEnumerable()
            .Where(x => x.Value is not null)
            .Select(x => new KeyValuePair<string, string?>(x.Key, Masked(x.Key, x.Value!) ?? x.Value))
            .ToList();
        ((IConfigurationBuilder)configuration).Sources.Clear();
        configuration.AddInMemoryCollection(values);
    }

    /// <summary>The value to show instead, or null when it is not a secret.</summary>
    public static string? Masked(string key, string value)
    {
        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(value);
                if (builder.Password is null) return null;
                builder.Password = Mask;
                return builder.ConnectionString;
            }
            catch (ArgumentException)
            {
                return Mask;
            }
        }
        var name = key[(key.LastIndexOf(':') + 1)..];
        return SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)) ? Mask : null;
    }
}
