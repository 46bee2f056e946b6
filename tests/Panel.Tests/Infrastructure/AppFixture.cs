using Alba;
using JasperFx.CommandLine;
using Marten;
using JasperFx.Events.Daemon;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Runtime;

namespace Panel.Tests.Infrastructure;

/// <summary>
/// One real Panel host for the whole suite, against the PostgreSQL that <c>./test.sh</c> starts
/// (<c>ConnectionStrings__Marten</c>). Tests share it through the "api" collection and reset the data
/// before each test, so they run one at a time.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    /// <summary>Encrypts the Data Protection keys the tests' hosts store (32 bytes, base64; a test value only).</summary>
    public const string KeyEncryptionKey = "dGVzdC1rZXktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";
    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The suite's signing key: an ECDSA P-256 PEM generated into a temp file once per run, never in the repository.</summary>
    public static string SigningKeyPath => SigningKey.Value;

    private static readonly Lazy<string> SigningKey = new(() => NewSigningKey());

    public static string NewSigningKey()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(Path.GetTempPath(), $"panel-test-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, key.ExportECPrivateKeyPem());
        return path;
    }

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
        ?? "Host=127.0.0.1;Port=54330;Database=panel;Username=postgres;Password=panel";

    public async Task InitializeAsync()
    {
        Host = await StartAsync(demo: false);
        // Only this host runs the notice subscription: hosts that tests start beside it on the same database
        // must not compete with it for the subscription's progress.
        await Daemons.StartAsync(Host);
    }

    public static async Task<IAlbaHost> StartAsync(bool demo, IReadOnlyDictionary<string, string>? settings = null)
    {
        JasperFxEnvironment.AutoStartHost = true;
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
            builder.UseSetting("Panel:AdminKey", AdminKey);
            builder.UseSetting("Panel:KeyEncryptionKey", KeyEncryptionKey);
            builder.UseSetting("Panel:Demo", demo ? "true" : "false");
            // Generous for the shared host: tests vote many times from one (test-server) address.
            builder.UseSetting("Panel:Votes:PermitLimit", "10000");
            builder.UseSetting("Panel:Votes:NewVotersPerNetworkPerDay", "10000");
            builder.UseSetting("Panel:FailedCredentials:PermitLimit", "100000");
            builder.UseSetting("Panel:FailedCredentials:PrefixPermitLimit", "100000");
            builder.UseSetting("Panel:FailedCredentials:GlobalPermitLimit", "100000");
            builder.UseSetting("Panel:Signing:KeyPath", SigningKeyPath);
            // Receivers in tests listen on loopback; retries and dead letters within seconds, not a day.
            builder.UseSetting("Panel:Webhooks:AllowPrivateNetworks", "true");
            builder.UseSetting("Panel:Webhooks:TimeoutSeconds", "2");
            builder.UseSetting("Panel:Webhooks:FirstRetrySeconds", "0.1");
            builder.UseSetting("Panel:Webhooks:MaxRetrySeconds", "0.3");
            builder.UseSetting("Panel:Webhooks:RetryForSeconds", "2");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
            builder.ConfigureServices(services =>
            {
                services.MartenDaemonModeIsSolo();
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
                // Scheduled messages (retries, reminders, due dates) are looked for often, and from the start.
                services.ConfigureWolverine(o =>
                {
                    o.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(100);
                    o.Durability.ScheduledJobFirstExecution = TimeSpan.Zero;
                });
            });
        });
        return host;
    }

    public async Task DisposeAsync()
    {
        await Daemons.StopAsync(Host);
        await Host.DisposeAsync();
    }
}

[CollectionDefinition("api")]
public sealed class ApiCollection : ICollectionFixture<AppFixture>;

/// <summary>
/// The async daemon that runs the notice subscription, started by the tests themselves: in solo mode Marten
/// leaves it to them, and a daemon once stopped does not start again, so every reset starts a new one.
/// </summary>
public static class Daemons
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IAlbaHost, IProjectionDaemon> Running = new();

    public static async Task StartAsync(IAlbaHost host)
    {
        var daemon = await host.Services.GetRequiredService<IDocumentStore>().BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        Running.AddOrUpdate(host, daemon);
    }

    public static async Task StopAsync(IAlbaHost host)
    {
        if (!Running.TryGetValue(host, out var daemon)) return;
        Running.Remove(host);
        await daemon.StopAllAsync();
        daemon.Dispose();
    }

    /// <summary>
    /// Empties the database between tests: Marten's documents and events, the subscription's progress, and
    /// Wolverine's envelopes (scheduled, incoming, outgoing, dead letters), so that no message of an earlier
    /// test is handled during a later one.
    /// </summary>
    public static async Task ResetAllDataAsync(IAlbaHost host)
    {
        await StopAsync(host);
        await host.Services.GetRequiredService<IWolverineRuntime>().Storage.Admin.ClearAllAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Advanced.ResetAllData(CancellationToken.None);
        // The notice subscription's first-run floor outlives an event reset by design (a restore must not replay
        // notices); an emptied test database starts its sequence again, so its floor goes too.
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = $"delete from {store.Options.DatabaseSchemaName}.mt_event_projection_floors";
            await delete.ExecuteNonQueryAsync();
        }
        await StartAsync(host);
    }
}

/// <summary>Base for HTTP tests: a clean database before each test, and the scenario helpers.</summary>
[Collection("api")]
public abstract class ApiTest(AppFixture fixture) : IAsyncLifetime
{
    protected IAlbaHost Host => fixture.Host;
    protected Scenarios Api { get; } = new(fixture.Host);

    public virtual async Task InitializeAsync()
    {
        await Daemons.ResetAllDataAsync(Host);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
}
