using JasperFx.Events.Projections;
using Panel.Scorecards;

namespace Panel.Comparisons;

public static class Configuration
{
    public static void AddComparisons(this StoreOptions options)
    {
        options.Projections.Add(new ComparisonProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new PublishedScorecardProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ScorecardListingProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<PublishedScorecard>().Index(x => x.ComparisonId);
    }
}
