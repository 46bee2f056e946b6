using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

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

    public async Task InitializeAsync() => Host = await StartAsync(demo: false);

    public static Task<IAlbaHost> StartAsync(bool demo, IReadOnlyDictionary<string, string>? settings = null)
    {
        JasperFxEnvironment.AutoStartHost = true;
        return AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
            builder.UseSetting("Panel:AdminKey", AdminKey);
            builder.UseSetting("Panel:KeyEncryptionKey", KeyEncryptionKey);
            builder.UseSetting("Panel:Demo", demo ? "true" : "false");
            // Generous for the shared host: tests vote many times from one (test-server) address.
            builder.UseSetting("Panel:Votes:PermitLimit", "10000");
            builder.UseSetting("Panel:Votes:NewVotersPerNetworkPerDay", "10000");
            builder.UseSetting("Panel:FailedCredentials:PermitLimit", "100000");
            builder.UseSetting("Panel:Signing:KeyPath", SigningKeyPath);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
            builder.ConfigureServices(services =>
            {
                services.MartenDaemonModeIsSolo();
                services.RunWolverineInSoloMode();
                services.DisableAllExternalWolverineTransports();
            });
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition("api")]
public sealed class ApiCollection : ICollectionFixture<AppFixture>;

/// <summary>Base for HTTP tests: a clean database before each test, and the scenario helpers.</summary>
[Collection("api")]
public abstract class ApiTest(AppFixture fixture) : IAsyncLifetime
{
    protected IAlbaHost Host => fixture.Host;
    protected Scenarios Api { get; } = new(fixture.Host);

    public virtual Task InitializeAsync() => Host.ResetAllMartenDataAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
}
