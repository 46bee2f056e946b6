using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Panel.Community;
using Panel.Comparisons;
using Panel.Demo;
using Panel.Tools;
using Panel.Workspace.Sessions;
using Scalar.AspNetCore;
using Weasel.Core;
using Wolverine;

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
    .AddScheme<AuthenticationSchemeOptions, BearerAuthentication>(BearerAuthentication.SchemeName, null)
    .AddWorkspaceSessions();
builder.Services.AddAuthorization();
builder.Services.AddCommunity(builder.Configuration);
builder.Services.AddRazorComponents();

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
}).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup();
if (panel.Demo) marten.InitializeWith<DemoData>();

builder.Host.UseWolverine(opts =>
{
    opts.UseRuntimeCompilation();
    // Read endpoints take Marten's query session straight from the request's container; writes open
    // their own sessions in EventStreams, so Wolverine's transaction middleware has nothing to wrap.
    opts.CodeGeneration.AlwaysUseServiceLocationFor<IQuerySession>();
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
app.Use(Panel.Workspace.WorkspaceForms.BareErrorsAsPages);
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
