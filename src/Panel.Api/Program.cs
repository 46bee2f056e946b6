using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Panel.Community;
using Panel.Comparisons;
using Panel.Demo;
using Panel.Email;
using Panel.Evidence;
using Panel.Exports;
using Panel.Tools;
using Panel.Workspace.Sessions;
using Panel.Webhooks;
using Panel.Webhooks.Notices;
using Scalar.AspNetCore;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);

var panel = builder.Configuration.GetSection("Panel").Get<PanelOptions>() ?? new PanelOptions();
panel.Validate();
builder.Services.Configure<PanelOptions>(builder.Configuration.GetSection("Panel"));
Panel.Scorecards.Uncertainty.UseMinimumVerdicts(builder.Configuration.GetValue("Panel:Scorecards:MinimumVerdicts", 3));
builder.Services.AddSingleton(TimeProvider.System);
builder.Logging.KeepClientFaultsOutOfErrors();
builder.AddPanelTelemetry();
builder.Services.ConfigureHttpJsonOptions(o => PanelJson.Configure(o.SerializerOptions));
// Before AddProblemDetails: a problem at a page address is written as a page, before the default JSON writer is asked.
builder.Services.AddSingleton<IProblemDetailsWriter, Panel.Pages.ProblemPages>();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemShaping.Customize);
builder.Services.AddExceptionHandler<Failures>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealth>("database", tags: ["ready"]);
builder.Services.AddOpenApi(OpenApi.Configure);
builder.Services.AddAuthentication(BearerAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, BearerAuthentication>(BearerAuthentication.SchemeName, null)
    .AddWorkspaceSessions()
    .AddSingleSignOn(builder.Configuration);
builder.Services.AddAuthorization();
builder.Services.AddSingleton(builder.Configuration.GetSection("Panel:FailedCredentials").Get<CredentialBrakeOptions>() ?? new CredentialBrakeOptions());
builder.Services.AddSingleton<CredentialBrake>();
builder.Services.AddCommunity(builder.Configuration);
builder.Services.AddRazorComponents();
var signer = builder.Services.AddSigning(builder.Configuration);
builder.Services.AddWebhooks(builder.Configuration);
builder.Services.AddEmail(builder.Configuration);
builder.Services.AddSingleton<Panel.People.SignInLinks.SignInLinkThrottle>();
builder.Services.AddSingleton<SignInChoices>();
builder.Services.AddIdempotency(builder.Configuration);
builder.Services.AddCaches();

var marten = builder.Services.AddMarten(opts =>
{
    opts.Connection(DatabaseConnection.Tuned(builder.Configuration.GetConnectionString("Marten")
        ?? throw new InvalidOperationException("Set ConnectionStrings:Marten (environment ConnectionStrings__Marten).")));
    opts.DatabaseSchemaName = "panel";
    opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
    // Event counters only: Marten's connection spans are left open on write sessions (never stopped, so
    // never exported), which would orphan the SQL spans beneath them. Npgsql's spans show the SQL.
    opts.OpenTelemetry.TrackEventCounters();
    opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
    opts.AddPeople();
    opts.AddTools();
    opts.AddComparisons();
    opts.AddCommunity();
    opts.AddExports();
    opts.AddWebhooks();
    opts.AddEmail();
    opts.AddIdempotency();
}).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup()
    // Wolverine's inbox, outbox, scheduled messages and dead letters live in the same database and commit
    // with Marten's transactions; the notice subscription is where messages leave the event store.
    .IntegrateWithWolverine()
    .AddAsyncDaemon(DaemonMode.HotCold)
    .SubscribeToEventsWithServices<NoticeSubscription>(ServiceLifetime.Singleton);
marten.InitializeWith<ChainBackfill>();
marten.InitializeWith<Panel.Tools.NameKeyBackfill>();
marten.InitializeWith<CachesReset>();
if (panel.Demo) marten.InitializeWith<DemoData>();

// Production runs the endpoint and handler code generated ahead of time into Internal/Generated
// (scripts/codegen.sh): no compiler at start-up, and a missing type stops the start instead of a request.
builder.Services.CritterStackDefaults(x =>
{
    x.Production.GeneratedCodeMode = TypeLoadMode.Static;
    x.Production.AssertAllPreGeneratedTypesExist = true;
});

builder.Host.UseWolverine(opts =>
{
    opts.UseRuntimeCompilation();
    // Read endpoints take Marten's query session straight from the request's container; writes open
    // their own sessions in EventStreams, so Wolverine's transaction middleware has nothing to wrap.
    opts.CodeGeneration.AlwaysUseServiceLocationFor<IQuerySession>();
    // Handlers that take a session commit it, with the messages they send, in one transaction.
    opts.Policies.AutoApplyTransactions();
    // Local messages (deliveries, reminders, due dates) are stored before they are handled: a restart resumes them.
    opts.Policies.UseDurableLocalQueues();
    // A database hiccup is retried; what still fails lands in Wolverine's dead letters (wolverine_dead_letters).
    opts.Policies.OnException<Npgsql.NpgsqlException>()
        .RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2));
    // Two writes to one person's stream at once (a link asked for while an admin invites): the loser tries again.
    opts.Policies.OnException<JasperFx.ConcurrencyException>().RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
    // A delivery whose webhook was deleted while it was being attempted: nothing is left to record.
    opts.Policies.OnException<Marten.Exceptions.NonExistentDocumentException>().Discard();
});
builder.Services.AddWolverineHttp();

// describe prints every configuration value: not the secrets among them (read and validated above).
if (args.FirstOrDefault() == "describe") Redaction.Apply(builder.Configuration);

var app = builder.Build();
app.Logger.LogSigning(signer);

if (panel.TrustedProxies.Length > 0)
{
    var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
    // Only the named proxies: by default ASP.NET also believes any loopback address.
    forwarded.KnownProxies.Clear();
    forwarded.KnownIPNetworks.Clear();
    foreach (var proxy in panel.TrustedProxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
    app.UseForwardedHeaders(forwarded);
}
app.UseHttpLogging();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // Failures logs what it answers at the level it deserves; the middleware's own error log would
    // print a stack trace for every client's malformed request or every second of a database outage.
    SuppressDiagnosticsCallback = _ => true
});
// A bare 4xx or 5xx gets a body: a page at a page address (ProblemPages), a problem elsewhere.
app.UseStatusCodePages();
app.Use(SecurityHeaders.Apply);
app.Use(RequestGuards.Apply);
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
// After authentication: a key belongs to the caller its credential names.
app.Use(Idempotency.Apply);

app.MapOpenApi();
app.MapScalarApiReference("/scalar");
// Live: the process answers. Ready (and /health, for existing probes): PostgreSQL answers too.
string[] probeMethods = ["GET", "HEAD"];
app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).WithMetadata(new HttpMethodMetadata(probeMethods));
app.MapHealthChecks("/health/ready", new() { Predicate = x => x.Tags.Contains("ready") }).WithMetadata(new HttpMethodMetadata(probeMethods));
app.MapHealthChecks("/health", new() { Predicate = x => x.Tags.Contains("ready") }).WithMetadata(new HttpMethodMetadata(probeMethods));
app.MapWolverineEndpoints(opts =>
{
    opts.RejectUnparseableQueryValues = true;
    // Compile every endpoint at start-up: a broken one stops the host instead of failing its first caller.
    opts.WarmUpRoutes = RouteWarmup.Eager;
});

return await app.RunJasperFxCommands(args);

public partial class Program;
