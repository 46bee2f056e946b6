using System.Text.Json.Nodes;
using Alba;
using Panel.Exports.ExportingRecords;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Exports across comparisons: every current verdict and every comparison event, filterable, for editors and admins.</summary>
public class ExportsAcrossComparisonsTests(AppFixture fixture) : ApiTest(fixture)
{
    private async Task<string> Text(string url, string token = Scenarios.Admin, int status = 200)
    {
        var result = await Api.Send(HttpMethod.Get, url, token, null, status);
        return await result.ReadAsTextAsync();
    }

    private async Task<List<JsonNode>> Lines(string url, string token = Scenarios.Admin) =>
        (await Text(url, token)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

    [Fact]
    public async Task verdicts_csv_has_the_documented_columns_one_row_per_verdict_across_comparisons()
    {
        var first = await Api.CompletedPanel("SS", "SK");
        var second = await Api.CompletedPanel("KS");

        var result = await Api.Send(HttpMethod.Get, "/api/exports/verdicts.csv", first.Editor.Token, null, 200);
        Assert.StartsWith("text/csv", result.Context.Response.ContentType);
        Assert.Contains("verdicts.csv", result.Context.Response.Headers.ContentDisposition.ToString());
        var lines = (await result.ReadAsTextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("comparisonId,comparisonTitle,toolId,toolName,reviewerId,reviewerName,angle,decision,withdrawn,quote,editedQuote,note,revisions,withdrawalReason,at",
            lines[0]);
        Assert.Equal(ExportingRecordsEndpoint.VerdictColumns, lines[0].Split(','));
        Assert.Equal(6, lines.Length - 1);
        Assert.Equal(4, lines.Count(l => l.StartsWith(first.Id.ToString())));
        Assert.Equal(2, lines.Count(l => l.StartsWith(second.Id.ToString())));
        Assert.Contains(lines, l => l.StartsWith($"{first.Id},A versus B,{first.Tools[1]},") && l.Contains($",{first.Reviewers[1].Id},Reviewer 2,angle 2,Skip,false,Reviewer 2 on tool 2.,,,0,,"));
    }

    [Fact]
    public async Task filters_by_comparison_reviewer_tool_and_time_combine()
    {
        var first = await Api.CompletedPanel("SS", "SK");
        await Api.CompletedPanel("KS");

        Assert.Equal(4, (await Lines($"/api/exports/verdicts.jsonl?comparison={first.Id}")).Count);
        var mine = await Lines($"/api/exports/verdicts.jsonl?reviewer={first.Reviewers[1].Id}");
        Assert.Equal(2, mine.Count);
        Assert.All(mine, v => Assert.Equal("Reviewer 2", (string)v["reviewerName"]!));
        var one = Assert.Single(await Lines($"/api/exports/verdicts.jsonl?reviewer={first.Reviewers[1].Id}&tool={first.Tools[1]}"));
        Assert.Equal("Skip", (string)one["decision"]!);
        Assert.False((bool)one["withdrawn"]!);
        Assert.Equal(0, (int)one["revisions"]!);
        Assert.Equal(ExportingRecordsEndpoint.VerdictColumns, one.AsObject().Select(m => m.Key));

        var later = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O");
        Assert.Empty(await Lines($"/api/exports/verdicts.jsonl?from={Uri.EscapeDataString(later)}"));
        Assert.Empty(await Lines($"/api/exports/events.jsonl?from={Uri.EscapeDataString(later)}"));
        Assert.Equal(6, (await Lines($"/api/exports/verdicts.jsonl?to={Uri.EscapeDataString(later)}")).Count);
    }

    [Fact]
    public async Task events_jsonl_holds_every_comparison_event_in_order_with_the_historys_names_and_nothing_from_peoples_streams()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Re-tested.", reason: "New release");

        var events = await Lines($"/api/exports/events.jsonl?comparison={panel.Id}");
        Assert.Equal(["ComparisonOpened", "ReviewerSeated", "ReviewerSeated", "VerdictSubmitted", "VerdictSubmitted",
            "VerdictSubmitted", "VerdictSubmitted", "PanelCompleted", "EditorsVerdictWritten", "ScorecardPublished", "VerdictRevised"], events.Select(e => (string)e["type"]!));
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), events.Select(e => (long)e["version"]!));
        Assert.True(events.Select(e => (long)e["sequence"]!).SequenceEqual(events.Select(e => (long)e["sequence"]!).Order()));
        var revised = events[^1]["data"]!;
        Assert.Equal("New release", (string)revised["reason"]!);
        Assert.Equal(panel.Tools[1].ToString(), (string)revised["toolId"]!);

        var all = await Text("/api/exports/events.jsonl");
        Assert.DoesNotContain("tokenHash", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("UserRegistered", all);
        Assert.DoesNotContain("ToolRegistered", all);
        var reviewer2 = await Lines($"/api/exports/events.jsonl?reviewer={panel.Reviewers[1].Id}");
        Assert.Equal(["ReviewerSeated", "VerdictSubmitted", "VerdictSubmitted", "VerdictRevised"], reviewer2.Select(e => (string)e["type"]!));
    }

    [Fact]
    public async Task text_a_spreadsheet_would_run_as_a_formula_is_defused_in_csv()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship", "=HYPERLINK(\"http://evil\",\"click\")");

        var csv = await Text($"/api/exports/verdicts.csv?comparison={panel.Id}");
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",", csv);
    }

    [Theory]
    [InlineData("comparison=not-an-id", "comparison")]
    [InlineData("reviewer=00000000-0000-0000-0000-000000000000", "reviewer")]
    [InlineData("tool=12", "tool")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-29T10:00:00Z&to=2026-11-29T09:00:00Z", "to")]
    public async Task a_filter_that_cannot_be_read_is_a_400_problem_naming_it(string query, string field)
    {
        foreach (var export in new[] { "verdicts.csv", "verdicts.jsonl", "events.jsonl" })
        {
            var result = await Api.Send(HttpMethod.Get, $"/api/exports/{export}?{query}", Scenarios.Admin, null, 400);
            var problem = await Problem.Read(result, 400);
            Assert.Equal(Problem.Type("validation"), (string)problem["type"]!);
            Assert.NotNull(problem["errors"]![field]);
        }
    }

    [Fact]
    public async Task only_editors_and_admins_export()
    {
        var panel = await Api.CompletedPanel("SS");
        await Api.Send(HttpMethod.Get, "/api/exports/events.jsonl", panel.Reviewers[0].Token, null, 403);
        await Api.Send(HttpMethod.Get, "/api/exports/verdicts.csv", null, null, 401);
        Assert.Equal(2, (await Lines("/api/exports/verdicts.jsonl", panel.Editor.Token)).Count);
    }
}
