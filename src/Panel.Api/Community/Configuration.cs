using System.Threading.RateLimiting;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.RateLimiting;
using Panel.Community.Voting;

namespace Panel.Community;

public static class Configuration
{
    public static void AddCommunity(this StoreOptions options)
    {
        options.Projections.Snapshot<CommunityTally>(SnapshotLifecycle.Inline);
        options.Schema.For<CommunityTally>().Index(x => x.ComparisonId);
    }

    /// <summary>Votes per client address per window; past it, 429 with Retry-After.</summary>
    public static IServiceCollection AddCommunity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Voters>();
        services.AddSingleton<Networks>();
        services.AddDataProtection().SetApplicationName("Panel");
        var encryption = KeyEncryptor.Read(configuration["Panel:KeyEncryptionKey"]);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o =>
            {
                o.XmlRepository = new VoterKeys(provider.GetRequiredService<IDocumentStore>());
                if (encryption is not null) o.XmlEncryptor = new KeyEncryptor(encryption);
            }));
        services.Configure<VoteLimits>(configuration.GetSection("Panel:Votes"));
        var limits = configuration.GetSection("Panel:Votes").Get<VoteLimits>() ?? new VoteLimits();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(VotingEndpoint.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                    QueueLimit = 0
                }));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : limits.WindowSeconds;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString();
                if (VotingFromPageEndpoint.IsPageForm(context.HttpContext.Request))
                {
                    await VotingFromPageEndpoint.Refused(context.HttpContext, "too-many").ExecuteAsync(context.HttpContext);
                    return;
                }
                await Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Type = Problems.TypeBase + "too-many-votes",
                    Title = "Too many votes from this client.",
                    Status = StatusCodes.Status429TooManyRequests,
                    Detail = $"Try again in {retryAfter} seconds."
                }).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}

/// <summary>Configuration section <c>Panel:Votes</c>.</summary>
public sealed class VoteLimits
{
    public int PermitLimit { get; set; } = 10;
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Voters new to a comparison that one network may bring in a (UTC) day; more are refused.</summary>
    public int NewVotersPerNetworkPerDay { get; set; } = 3;
}
