using System.Text.Json;
using JasperFx.Events.Daemon;
using Marten;
using Panel.Comparisons;
using Panel.Scorecards;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Rule 8 (docs/product.md), write side: projections read no clock, so rebuilding them from the events gives the same documents.</summary>
public class RebuildTests(AppFixture fixture) : ApiTest(fixture)
{
    /// <summary>Two comparisons with revisions, a withdrawal, quote edits, a publication, a correction and a pending change.</summary>
    private async Task<(PanelSetup Corrected, PanelSetup Plain)> RichHistory()
    {
        var panel = await Api.CompletedPanel("SS", "SK", "KS");
        var (r1, r2, r3) = (panel.Reviewers[0], panel.Reviewers[1], panel.Reviewers[2]);
        var (a, b) = (panel.Tools[0], panel.Tools[1]);
        await Api.Verdict(r1, panel.Id, a, "Skip", "On a second run, no.", reason: "Reran the benchmark.");
        await Api.Withdraw(r3, panel.Id, b, "Joined the vendor's advisory board.");
        await Api.EditQuote(panel.Editor, panel.Id, b, r2.Id, "Not for teams, yet.", "Shorter.");
        await Api.Publish(panel.Editor, panel.Id);
        await Api.Verdict(r2, panel.Id, a, "Skip", "Changed my mind.", reason: "Pricing went up.");
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 2 now skips tool A.");
        await Api.EditQuote(panel.Editor, panel.Id, a, r1.Id, "No, on a second run.", "Word order.");

        var plain = await Api.PublishedPanel("KS", "SS");
        return (panel, plain);
    }

    private async Task<(int Documents, string Json)> Documents()
    {
        await using var session = Store.QuerySession();
        var comparisons = (await session.Query<Comparison>().ToListAsync()).OrderBy(x => x.Id).ToList();
        var published = (await session.Query<PublishedScorecard>().ToListAsync()).OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
        var listings = (await session.Query<ScorecardListing>().ToListAsync()).OrderBy(x => x.Id).ToList();
        return (comparisons.Count + published.Count + listings.Count, JsonSerializer.Serialize(new { comparisons, published, listings }));
    }

    private async Task DeleteProjectedDocuments()
    {
        await using var session = Store.LightweightSession();
        session.DeleteWhere<Comparison>(x => true);
        session.DeleteWhere<PublishedScorecard>(x => true);
        session.DeleteWhere<ScorecardListing>(x => true);
        await session.SaveChangesAsync();
    }

    private async Task RebuildEveryProjection()
    {
        using var daemon = await Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<ComparisonProjection>(CancellationToken.None);
        await daemon.RebuildProjectionAsync<PublishedScorecardProjection>(CancellationToken.None);
        await daemon.RebuildProjectionAsync<ScorecardListingProjection>(CancellationToken.None);
    }

    [Fact]
    public async Task rebuilding_every_projection_from_the_events_gives_identical_documents()
    {
        await RichHistory();
        var before = await Documents();
        Assert.Equal(2 + 3 + 2, before.Documents);

        await DeleteProjectedDocuments();
        Assert.Equal(0, (await Documents()).Documents);
        await RebuildEveryProjection();

        var after = await Documents();
        Assert.Equal(before.Documents, after.Documents);
        Assert.Equal(before.Json, after.Json);
    }

    [Fact]
    public async Task after_a_rebuild_the_api_answers_exactly_as_before()
    {
        var (corrected, plain) = await RichHistory();
        string[] urls =
        [
            $"/api/comparisons/{corrected.Id}/scorecard", $"/api/comparisons/{corrected.Id}", $"/api/comparisons/{plain.Id}/scorecard",
            $"/api/scorecards/{corrected.Id}", $"/api/scorecards/{corrected.Id}/versions/1", $"/api/scorecards/{plain.Id}", "/api/scorecards"
        ];
        var before = new List<string>();
        foreach (var url in urls) before.Add((await Api.Get(url, corrected.Editor.Token)).ToJsonString());
        Assert.True((bool)(await Api.Details(corrected.Editor, corrected.Id))["needsCorrection"]!);

        await DeleteProjectedDocuments();
        await RebuildEveryProjection();

        var after = new List<string>();
        foreach (var url in urls) after.Add((await Api.Get(url, corrected.Editor.Token)).ToJsonString());
        Assert.Equal(before, after);
    }
}
