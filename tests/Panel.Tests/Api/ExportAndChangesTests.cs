using Alba;
using Panel.Scorecards.Exporting;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class ExportAndChangesTests(AppFixture fixture) : ApiTest(fixture)
{
    private async Task<string[]> Csv(string url)
    {
        var result = await Host.Scenario(s => s.Get.Url(url));
        Assert.StartsWith("text/csv", result.Context.Response.ContentType);
        return (await result.ReadAsTextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task the_figures_export_has_a_row_per_tool_matching_the_json()
    {
        var panel = await Api.PublishedPanel("SS", "SK", "SK");
        var card = await Api.Get($"/api/scorecards/{panel.Id}");

        var lines = await Csv($"/api/scorecards/{panel.Id}/versions/1/tools.csv");
        Assert.Equal(3, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal("shipPercent", header[9]);
        var second = lines[2].Split(',');
        Assert.Equal((string)card["tools"]![1]!["toolId"]!, second[2]);
        Assert.Equal("33", second[9]);
        Assert.Equal(("1", "2", "3"), (second[10], second[11], second[13]));
        Assert.Equal("", second[14]); // nobody voted: no community figure
    }

    [Fact]
    public async Task the_verdicts_export_quotes_what_needs_quoting_and_defuses_formulas()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship", "Fast, \"really\" fast,\nand cheap");
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[1], "Skip", "=HYPERLINK(\"http://evil\")");
        await Api.Publish(panel.Editor, panel.Id);

        var result = await Host.Scenario(s => s.Get.Url($"/api/scorecards/{panel.Id}/versions/1/verdicts.csv"));
        var text = await result.ReadAsTextAsync();
        Assert.Contains("\"Fast, \"\"really\"\" fast,\nand cheap\"", text);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", text);
        Assert.Contains(",Ship,", text);
        Assert.Contains(",Skip,", text);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("", "")]
    public void a_csv_cell_is_quoted_and_defused_as_needed(string value, string expected) =>
        Assert.Equal(expected, ExportingScorecardEndpoint.Cell(value));

    [Fact]
    public void numbers_in_csv_are_never_mistaken_for_formulas() =>
        Assert.Equal("-5", ExportingScorecardEndpoint.Cell(-5));

    [Fact]
    public async Task exporting_an_unknown_version_is_404()
    {
        var panel = await Api.PublishedPanel("SS");
        await Api.Get($"/api/scorecards/{panel.Id}/versions/2/tools.csv", status: 404);
        await Api.Get($"/api/scorecards/{Guid.NewGuid()}/versions/1/verdicts.csv", status: 404);
    }

    [Fact]
    public async Task a_correction_lists_the_figures_and_verdicts_it_changed()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Re-tested: it holds up.", reason: "New release");
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 2 re-tested tool B.");

        var changes = await Api.Get($"/api/scorecards/{panel.Id}/versions/2/changes");
        Assert.Equal(1, (int)changes["comparedWith"]!);
        var figure = changes["figures"]!.AsArray().Single()!;
        Assert.Equal(panel.Tools[1], Guid.Parse((string)figure["toolId"]!));
        Assert.Equal((50, 100), ((int)figure["shipPercentBefore"]!, (int)figure["shipPercentAfter"]!));
        var quote = changes["quotes"]!.AsArray().Single()!;
        Assert.Equal(("Skip", "Ship"), ((string)quote["decisionBefore"]!, (string)quote["decisionAfter"]!));
        Assert.Equal("Re-tested: it holds up.", (string)quote["quoteAfter"]!);

        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");
        var listed = page.QuerySelectorAll(".correction .changes li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, listed.Count);
        Assert.Contains("50% → 100%", listed[0]);
        Assert.Contains("Skip → Ship", listed[1]);

        var first = await Api.Get($"/api/scorecards/{panel.Id}/versions/1/changes");
        Assert.Null(first["comparedWith"]);
        Assert.Empty(first["figures"]!.AsArray());
    }

    [Fact]
    public async Task an_editors_rewording_shows_as_a_wording_change()
    {
        var panel = await Api.PublishedPanel("SS");
        await Api.Json(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}/reviewers/{panel.Reviewers[0].Id}/quote",
            panel.Editor.Token, new { quote = "Tightened wording.", reason = "Length" }, 200);
        await Api.Publish(panel.Editor, panel.Id, "Quote edited for length.");

        var changes = await Api.Get($"/api/scorecards/{panel.Id}/versions/2/changes");
        Assert.Empty(changes["figures"]!.AsArray());
        var quote = changes["quotes"]!.AsArray().Single()!;
        Assert.Equal((string)quote["decisionBefore"]!, (string)quote["decisionAfter"]!);
        Assert.Equal("Tightened wording.", (string)quote["quoteAfter"]!);
    }
}
