using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Panel.Infrastructure;

/// <summary>/health answers 503 when PostgreSQL does not, so a load balancer stops sending traffic.</summary>
public sealed class DatabaseHealth(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.Query<Tools.Tool>().AnyAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
        }
    }
}
