using System.Globalization;
using System.Text;
using System.Xml;
using Panel.Scorecards.Reading;

namespace Panel.Pages;

/// <summary>How figures read on a page. A figure nobody has produced yet reads as a dash.</summary>
public static class PageText
{
    public const string Dash = "—";

    public static string Percent(int? value) => value is null ? Dash : $"{value}%";

    /// <summary>
    /// Text without the characters XML 1.0 cannot hold (control characters, U+FFFE/U+FFFF, lone
    /// surrogates): valid JSON lets them into names and quotes, and an XML writer throws on them.
    /// </summary>
    public static string XmlSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                safe.Append(text[i]).Append(text[++i]);
            else if (XmlConvert.IsXmlChar(text[i]))
                safe.Append(text[i]);
        }
        return safe.ToString();
    }

    public static string Date(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string IsoDate(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public static string PanelSample(ScorecardTool t) =>
        t.SampleSize == 0
            ? "No standing verdicts"
            : $"{t.Ship} of {Plural(t.SampleSize, "reviewer", "reviewers")} said ship" +
              (t.Withdrawn > 0 ? $" ({t.Withdrawn} withdrawn)" : "");

    /// <summary>How uncertain the figure is, in words: "4 reviewers; with so few, the true figure could be anywhere from 51 % to 100 %".</summary>
    public static string? IntervalInWords(ScorecardTool t) =>
        t.ShipInterval is not { } i
            ? null
            : t.Provisional == true
                ? $"{Plural(t.SampleSize, "reviewer", "reviewers")}; with so few, the true figure could be anywhere from {i.Low} % to {i.High} %."
                : $"{Plural(t.SampleSize, "reviewer", "reviewers")}; the true figure is likely between {i.Low} % and {i.High} % (95 % interval).";

    /// <summary>The side most of the tool's standing verdicts took; null on a tie or with none.</summary>
    public static Panel.Comparisons.Decision? Majority(ScorecardTool t) =>
        t.Ship > t.Skip ? Panel.Comparisons.Decision.Ship : t.Skip > t.Ship ? Panel.Comparisons.Decision.Skip : null;

    public static string CommunitySample(ScorecardTool t, int total) =>
        total == 0 ? "No votes yet" : $"{t.CommunityVotes} of {Plural(total, "vote", "votes")}";

    public static string SplitLabel(ScorecardTool t) =>
        $"{t.Name}: {t.Ship} ship, {t.Skip} skip" + (t.Withdrawn > 0 ? $", {t.Withdrawn} withdrawn" : "");

    /// <summary>Bar width in the split picture, as a share of the widest sample.</summary>
    public static string Width(int count, int max) =>
        max == 0 ? "0" : (100.0 * count / max).ToString("0.##", CultureInfo.InvariantCulture);
}
