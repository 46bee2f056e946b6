using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>A reviewer's public record: only what publications released, across every panel they sat on.</summary>
public class ReviewerRecordTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_reviewer_record_lists_their_published_verdicts_newest_first_and_how_often_they_sided_with_the_majority()
    {
        // Reviewer 2 ships Beta against two skips: one verdict of the minority, one (Alpha) with the majority.
        var first = await Api.PublishedPanel("SS", "SK", "SK");
        var reviewer = first.Reviewers[0];
        var record = await Api.Get($"/api/reviewers/{reviewer.Id}/record");

        Assert.Equal(1, (int)record["comparisons"]!);
        Assert.Equal(2, (int)record["verdicts"]!);
        Assert.Equal(1, (int)record["withMajority"]!);
        Assert.Equal(50, (int)record["withMajorityPercent"]!);
        var appearance = record["appearances"]![0]!;
        Assert.Equal(first.Id.ToString(), (string)appearance["comparisonId"]!);
        Assert.Equal([true, false], appearance["verdicts"]!.AsArray().Select(v => (bool)v!["withMajority"]!));
        Assert.Equal(0, (int)record["revisedAfterPublication"]!);

        var (page, _) = await HtmlPages.Open(Host, $"/reviewers/{reviewer.Id}");
        Assert.Contains("(minority view)", page.Body!.TextContent);
        var (scorecard, _) = await HtmlPages.Open(Host, $"/scorecards/{first.Id}");
        Assert.NotNull(scorecard.QuerySelector($"a[href='/reviewers/{reviewer.Id}']"));
    }

    [Fact]
    public async Task a_verdict_revised_after_publication_counts_once_its_correction_is_published_and_nothing_unpublished_shows()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var reviewer = panel.Reviewers[1];
        await Api.Verdict(reviewer, panel.Id, panel.Tools[1], "Ship", "Changed my mind after the release notes.", reason: "New facts.");

        var before = await Api.Get($"/api/reviewers/{reviewer.Id}/record");
        Assert.Equal(0, (int)before["revisedAfterPublication"]!);
        Assert.DoesNotContain("Changed my mind", before.ToJsonString());

        await Api.Publish(panel.Editor, panel.Id, "The reviewer revised a verdict.");
        var after = await Api.Get($"/api/reviewers/{reviewer.Id}/record");
        Assert.Equal(1, (int)after["revisedAfterPublication"]!);
        Assert.Contains("Changed my mind", after.ToJsonString());
    }

    [Fact]
    public async Task someone_with_no_published_verdict_has_no_record()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        await Api.Get($"/api/reviewers/{panel.Reviewers[0].Id}/record", status: 404);
        var (page, _) = await HtmlPages.Open(Host, $"/reviewers/{panel.Reviewers[0].Id}", status: 404);
        Assert.Contains("No reviewer with a published verdict", page.Body!.TextContent);
    }
}

/// <summary>The method page a reader reaches from every scorecard.</summary>
public class MethodPageTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task the_method_page_explains_every_figure_with_the_limits_in_force_and_every_scorecard_links_to_it()
    {
        var (method, _) = await HtmlPages.Open(Host, "/method");
        Assert.Equal("en", method.DocumentElement.GetAttribute("lang"));
        Assert.False(string.IsNullOrWhiteSpace(method.Title));
        foreach (var section in new[] { "panel-ship", "interval", "agreement", "community", "signing" })
            Assert.NotNull(method.GetElementById(section));
        Assert.Contains("fewer than 3 standing verdicts", method.GetElementById("interval")!.TextContent);
        // The test host allows 10000 new voters per network: the page states the figure in force, not a default.
        Assert.Contains("at most 10000 new voters", method.GetElementById("community")!.TextContent);

        var panel = await Api.PublishedPanel("SS");
        var (scorecard, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");
        Assert.NotNull(scorecard.QuerySelector("a[href='/method']"));
    }
}

/// <summary>A long record is read a page at a time; the totals always cover all of it.</summary>
public class ReviewerRecordPagingTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_reviewer_record_pages_newest_first_and_its_totals_count_every_comparison()
    {
        var reviewer = await Api.User("Reviewer");
        var editor = await Api.User("Editor");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var tools = new[] { await Api.Tool(editor, $"Paged tool {i} a {Guid.NewGuid():N}"), await Api.Tool(editor, $"Paged tool {i} b {Guid.NewGuid():N}") };
            var id = await Api.Comparison(editor, $"Paged comparison {i}", tools);
            await Api.Seat(editor, id, reviewer, "skeptic");
            foreach (var tool in tools) await Api.Verdict(reviewer, id, tool, "Ship");
            await Api.EditorsVerdict(editor, id, "A bottom line long enough to publish with.");
            await Api.Publish(editor, id);
            ids.Add(id);
        }

        var first = await Host.Scenario(s => s.Get.Url($"/api/reviewers/{reviewer.Id}/record?limit=2"));
        var page1 = System.Text.Json.Nodes.JsonNode.Parse(await first.ReadAsTextAsync())!;
        var next = first.Context.Response.Headers["Link"].ToString();
        Assert.Equal(3, (int)page1["comparisons"]!);
        Assert.Equal([ids[2], ids[1]], page1["appearances"]!.AsArray().Select(a => (Guid)a!["comparisonId"]!));
        Assert.Contains("rel=\"next\"", next);

        var url = next[(next.IndexOf('<') + 1)..next.IndexOf('>')];
        var page2 = await Api.Get(url);
        Assert.Equal([ids[0]], page2["appearances"]!.AsArray().Select(a => (Guid)a!["comparisonId"]!));
        await Api.Get($"/api/reviewers/{reviewer.Id}/record?cursor=not-a-cursor", status: 400);
    }
}
