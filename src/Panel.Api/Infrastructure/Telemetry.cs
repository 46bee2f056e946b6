using System.Diagnostics;
using Microsoft.AspNetCore.HttpLogging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Panel.Infrastructure;

/// <summary>
/// Request logs always; traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (the standard variables choose the protocol, headers and service name). Without an endpoint nothing
/// is instrumented, so an unobserved service pays nothing for it.
/// </summary>
public static class Telemetry
{
    public const string SourceName = "Panel";

    /// <summary>Panel's own spans: the decision and the append of a write (see <see cref="EventStreams"/>).</summary>
    public static readonly ActivitySource Source = new(SourceName);

    public static void AddPanelTelemetry(this WebApplicationBuilder builder)
    {
        // One line per request: method, path, status and duration; never headers or bodies (credentials).
        builder.Services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath |
                              HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        builder.Services.AddSingleton<IHttpLoggingInterceptor, CredentialPaths>();

        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return;

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                // OTEL_SERVICE_NAME, when set, names the service; "panel" otherwise.
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"])) r.AddService("panel");
            })
            .WithTracing(t => t
                .AddSource(SourceName, "Marten", "Wolverine")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter("Marten", "Wolverine", "System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation())
            .UseOtlpExporter();
    }
}

/// <summary>A sign-in link's address is a credential until it is used: the request line logs its route, not its code.</summary>
public sealed class CredentialPaths : IHttpLoggingInterceptor
{
    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logging)
    {
        if (logging.HttpContext.Request.Path.StartsWithSegments("/sign-in/link", out var rest) && rest.HasValue && rest.Value != "/")
        {
            logging.TryDisable(HttpLoggingFields.RequestPath);
            logging.AddParameter(nameof(logging.HttpContext.Request.Path), "/sign-in/link/{code}");
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logging) => ValueTask.CompletedTask;
}
