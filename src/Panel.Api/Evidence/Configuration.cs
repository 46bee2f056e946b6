using Marten.Linq.MatchesSql;
using Marten.Schema;
using Panel.Comparisons;

namespace Panel.Evidence;

public static class Configuration
{
    /// <summary>The signer, from <c>Panel:Signing</c>. A key that is configured but unreadable stops the start.</summary>
    public static Signer AddSigning(this IServiceCollection services, IConfiguration configuration)
    {
        var signer = new Signer(configuration.GetSection("Panel:Signing").Get<SigningOptions>() ?? new SigningOptions());
        services.AddSingleton(signer);
        return signer;
    }

    public static void LogSigning(this ILogger logger, Signer signer)
    {
        if (signer.CanSign)
            logger.LogInformation("Publications are signed with key {KeyId}; {Keys} key(s) served at /.well-known/panel-keys",
                signer.CurrentKeyId, signer.Keys.Count);
        else
            logger.LogWarning("No signing key is configured (Panel:Signing:KeyPath or Panel__Signing__KeyPem): " +
                "new publications will be UNSIGNED and their verification says so. See docs/operations.md.");
    }
}

/// <summary>
/// Comparison documents stored by an older version are folded again once, on start, from their events:
/// those stored before scheme panel-2 have no canonical chain (needed to seal their next publication),
/// and those stored with the whole live scorecard inside have no <see cref="Comparison.Complete"/>
/// (which the editors' queue queries).
/// </summary>
public sealed class ChainBackfill(ILogger<ChainBackfill> logger) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var ids = await session.Query<Comparison>()
            .Where(x => x.ChainHead == null || x.MatchesSql("d.data -> 'Complete' is null"))
            .Select(x => x.Id).ToListAsync(ct);
        if (ids.Count == 0) return;
        foreach (var id in ids) await store.Advanced.RebuildSingleStreamAsync<Comparison>(id, ct);
        logger.LogInformation("Folded {Count} comparison document(s) stored by an older version again from their events", ids.Count);
    }
}
