using System.Text.RegularExpressions;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Operations;

/// <summary>
/// docker-compose.yml as a container user runs it (no Docker engine needed): the panel service's
/// environment, interpolated the way compose does, refuses a missing signing key, and the built service
/// started with exactly that environment signs its publications or refuses to start.
/// </summary>
public class ComposeTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["PANEL_ADMIN_KEY"] = AppFixture.AdminKey,
        ["PANEL_KEY_ENCRYPTION_KEY"] = AppFixture.KeyEncryptionKey
    };

    [Fact]
    public void compose_refuses_to_run_the_service_without_a_signing_key()
    {
        var error = Assert.Throws<ComposeError>(() => Compose.PanelEnvironment(Secrets));

        Assert.Contains("PANEL_SIGNING_KEY", error.Message);
    }

    [Fact]
    public async Task the_service_run_as_compose_runs_it_signs_its_publications()
    {
        var environment = Compose.PanelEnvironment(new Dictionary<string, string>(Secrets) { ["PANEL_SIGNING_KEY"] = await File.ReadAllTextAsync(AppFixture.SigningKeyPath) });

        await using var service = await ServiceProcess.StartAsync(ForTest(environment));

        Assert.Contains("Publications are signed with key", service.Log);
        Assert.DoesNotContain("UNSIGNED", service.Log);
    }

    [Fact]
    public async Task the_service_run_as_compose_runs_it_refuses_to_start_with_a_blank_signing_key()
    {
        // Compose's ${VAR:?} lets a value of spaces through; the service itself must still refuse.
        var environment = Compose.PanelEnvironment(new Dictionary<string, string>(Secrets) { ["PANEL_SIGNING_KEY"] = "  " });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(ForTest(environment)));

        Assert.Contains("Panel:Signing:Required is true but no key is configured", failure.Message);
    }

    /// <summary>Compose's settings, on a test database of the service's own instead of the db container.</summary>
    private static Dictionary<string, string> ForTest(Dictionary<string, string> environment)
    {
        Assert.StartsWith("Host=db;", environment["ConnectionStrings__Marten"]);
        environment.Remove("ConnectionStrings__Marten");
        return environment;
    }
}

public sealed class ComposeError(string message) : Exception(message);

/// <summary>The panel service's <c>environment:</c> map in docker-compose.yml, interpolated as compose does.</summary>
public static partial class Compose
{
    public static Dictionary<string, string> PanelEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docker-compose.yml"));
        var service = Array.IndexOf(lines, "  panel:");
        Assert.True(service >= 0, "docker-compose.yml has no panel service");
        var start = Array.FindIndex(lines, service, l => l == "    environment:");
        Assert.True(start > service, "the panel service has no environment map");
        var environment = new Dictionary<string, string>();
        for (var i = start + 1; i < lines.Length && (lines[i].StartsWith("      ") || lines[i].Trim() == ""); i++)
        {
            var line = lines[i].Trim();
            if (line == "" || line.StartsWith('#')) continue;
            var entry = Entry().Match(line);
            Assert.True(entry.Success, $"not a KEY: value line: {line}");
            environment[entry.Groups[1].Value] = Interpolate(Unquote(entry.Groups[2].Value.Trim()), variables);
        }
        return environment;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'' ? value[1..^1] : value;

    /// <summary>${VAR}, ${VAR:-default} and ${VAR:?message} (unset or empty: compose stops with the message).</summary>
    private static string Interpolate(string value, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(value, m =>
        {
            var given = variables.TryGetValue(m.Groups[1].Value, out var v) && v != "" ? v : null;
            return m.Groups[2].Value switch
            {
                ":?" => given ?? throw new ComposeError($"required variable {m.Groups[1].Value} is missing a value: {m.Groups[3].Value}"),
                ":-" => given ?? m.Groups[3].Value,
                _ => given ?? ""
            };
        });

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) return dir.FullName;
        throw new InvalidOperationException("Panel.sln not found above the test output.");
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:\?|:-)([^}]*))?\}")]
    private static partial Regex Variable();
}
