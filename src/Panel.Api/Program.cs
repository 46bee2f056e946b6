using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Panel.Community;
using Panel.Comparisons;
using Panel.Demo;
using Panel.Tools;
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
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(o => PanelJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemShaping.Customize);
builder.Services.AddHealthChecks().AddCheck<DatabaseHealth>("database");
builder.Services.AddOpenApi(OpenApi.Configure);
builder.Services.AddAuthentication(BearerAuthentication.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, BearerAuthentication>(BearerAuthentication.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services.AddCommunity(builder.Configuration);
builder.Services.AddRazorComponents();
builder.Services.AddWebhooks(builder.Configuration);

var marten = builder.Services.AddMarten(opts =>
{
    opts.Connection(builder.Configuration.GetConnectionString("Marten")
        ?? throw new InvalidOperationException("Set ConnectionStrings:Marten (environment ConnectionStrings__Marten)."));
    opts.DatabaseSchemaName = "panel";
    opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
    opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
    opts.AddPeople();
    opts.AddTools();
    opts.AddComparisons();
    opts.AddCommunity();
    opts.AddWebhooks();
}).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup()
    // Wolverine's inbox, outbox, scheduled messages and dead letters live in the same database and commit
    // with Marten's transactions; the notice subscription is where messages leave the event store.
    .IntegrateWithWolverine()
    .AddAsyncDaemon(DaemonMode.HotCold)
    .SubscribeToEventsWithServices<NoticeSubscription>(ServiceLifetime.Singleton);
if (panel.Demo) marten.InitializeWith<DemoData>();

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
    // A delivery whose webhook was deleted while it was being attempted: nothing is left to record.
    opts.Policies.OnException<Marten.Exceptions.NonExistentDocumentException>().Discard();
});
builder.Services.AddWolverineHttp();

var app = builder.Build();

if (panel.TrustedProxies.Length > 0)
{
    var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
    // Only the named proxies: by default ASP.NET also believes any loopback address.
    forwarded.KnownProxies.Clear();
    forwarded.KnownIPNetworks.Clear();
    foreach (var proxy in panel.TrustedProxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
    app.UseForwardedHeaders(forwarded);
}
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // What a client broke (an unreadable body, a body too large) is theirs to fix: never a 500.
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError
});
app.UseStatusCodePages();
app.Use(SecurityHeaders.Apply);
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi();
app.MapScalarApiReference("/scalar");
app.MapHealthChecks("/health");
app.MapWolverineEndpoints(opts =>
{
    opts.RejectUnparseableQueryValues = true;
    // Compile every endpoint at start-up: a broken one stops the host instead of failing its first caller.
    opts.WarmUpRoutes = RouteWarmup.Eager;
});

return await app.RunJasperFxCommands(args);

public partial class Program;
