using System.Text.Json;
using System.Text.Json.Nodes;
using Panel.Comparisons;
using Panel.Evidence;
using Panel.Scorecards;
using Panel.Tools;

namespace Panel.Tests.Domain;

/// <summary>RFC 8785 by its own examples, and digests pinned so that no code or setting change moves them.</summary>
public class CanonicalJsonTests
{
    [Theory]
    // RFC 8785 Appendix B: IEEE 754 values and their ECMAScript forms.
    [InlineData(0.0, "0")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(-9007199254740992.0, "-9007199254740992")]
    [InlineData(295147905179352830000.0, "295147905179352830000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(9.999999999999997e22, "9.999999999999997e+22")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(333333333.3333333, "333333333.3333333")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(100.0, "100")]
    [InlineData(4.5, "4.5")]
    [InlineData(2e-3, "0.002")]
    [InlineData(0.000021, "0.000021")]
    public void numbers_are_written_as_ecmascript_writes_them(double value, string expected) =>
        Assert.Equal(expected, CanonicalJson.Number(value));

    [Fact]
    public void negative_zero_is_zero() => Assert.Equal("0", CanonicalJson.Number(-0.0));

    [Fact]
    public void strings_escape_only_what_json_requires_and_keep_the_rest_as_utf8()
    {
        var text = "€$\u000f\nA'B\"\\\"/ é 🎉 <&> \u007f";
        Assert.Equal("\"€$\\u000f\\nA'B\\\"\\\\\\\"/ é 🎉 <&> \u007f\"", CanonicalJson.Serialize(JsonValue.Create(text)));
    }

    [Fact]
    public void members_are_sorted_by_utf16_code_units()
    {
        // RFC 8785 §3.2.3's example: the sort is on UTF-16 code units, so U+1F600 (a surrogate pair) sorts before U+FB33.
        var o = new JsonObject
        {
            ["\u20ac"] = "Euro Sign",
            ["\r"] = "Carriage Return",
            ["\ufb33"] = "Hebrew Letter Dalet With Dagesh",
            ["1"] = "One",
            ["\ud83d\ude00"] = "Emoji: Grinning Face",
            ["\u0080"] = "Control",
            ["\u00f6"] = "Latin Small Letter O With Diaeresis"
        };
        Assert.Equal(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\"," +
            "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
            CanonicalJson.Serialize(o));
    }

    [Fact]
    public void nesting_literals_and_whitespace_follow_the_rfcs_example()
    {
        var parsed = JsonNode.Parse(
            """
            { "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false] }
            """);
        Assert.Equal(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27]," +
            "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
            CanonicalJson.Serialize(parsed));
    }

    [Fact]
    public void a_lone_surrogate_has_no_canonical_form() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonValue.Create("a\ud800b")));

    private static readonly Guid Comparison = new("11111111-2222-4333-8444-555555555555");
    private static readonly Guid Reviewer = new("aaaaaaaa-0000-4000-8000-000000000001");
    private static readonly Guid ToolA = new("bbbbbbbb-0000-4000-8000-000000000001");
    private static readonly Guid EventId = new("cccccccc-0000-4000-8000-000000000001");
    private static readonly DateTimeOffset At = new(2026, 11, 29, 8, 30, 0, TimeSpan.FromHours(2));

    private static VerdictSubmitted Verdict(string? note) =>
        new(Comparison, ToolA, Reviewer, Decision.Ship, "Ship it: \"fast\", l'outil idéal ✓", note, At.AddTicks(1234567));

    [Fact]
    public void an_events_public_form_is_pinned_byte_for_byte()
    {
        Assert.Equal(
            "{\"at\":\"2026-11-29T06:30:00.1234567Z\",\"comparisonId\":\"11111111-2222-4333-8444-555555555555\"," +
            "\"decision\":\"Ship\",\"noteHash\":\"" + PublicRecord.SaltedHash(EventId, "private: only editors read this") + "\"," +
            "\"quote\":\"Ship it: \\\"fast\\\", l'outil idéal ✓\",\"reviewerId\":\"aaaaaaaa-0000-4000-8000-000000000001\"," +
            "\"toolId\":\"bbbbbbbb-0000-4000-8000-000000000001\"}",
            CanonicalJson.Serialize(PublicRecord.Event(Verdict("private: only editors read this"), EventId)));
    }

    [Fact]
    public void digests_are_pinned()
    {
        // Known values, computed independently (by a few lines of Python following docs/verification.md):
        // if one of these moves, every published digest would no longer recompute.
        Assert.Equal("94f3a85d6985d1e868bf991c255362f4ea1c3794a2bed3a9ca8f9985269d621a",
            PublicRecord.SaltedHash(EventId, "private: only editors read this"));
        Assert.Equal("aa8b03481fee5f8e0155bdef466697e3ec970cff45e41ea853342b395fc285dc",
            PublicRecord.Link(null, 1, Verdict("private: only editors read this"), EventId));
        Assert.Equal("faedc610ce100eadeb4afaaed1ad5ce0f58c017f26153f02198b6e2885794156",
            PublicRecord.Link(new string('a', 64), 2, Verdict(null), EventId));
        Assert.Equal("7059c3d06e47596dff85224d3584276eb5282493f749d72001c90ed168394151",
            CanonicalJson.Sha256(PublicRecord.Statement(Comparison, 1, 7, new string('b', 64), new string('c', 64))));
        Assert.Equal("d48039932f4c5774046e4032f50eafbbad3a3ea991a793690c3e082b96869114",
            CanonicalJson.Sha256(PublicRecord.Release(Release())));
    }

    [Fact]
    public void the_serializers_settings_never_reach_a_digest()
    {
        var verdict = Verdict("a note");
        var before = PublicRecord.Link(null, 1, verdict, EventId);
        // The same event serialized two very different ways: the digest reads neither.
        var pascal = JsonSerializer.Serialize(verdict);
        var snake = JsonSerializer.Serialize(verdict, new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default
        });
        Assert.NotEqual(pascal, snake);
        Assert.Equal(before, PublicRecord.Link(null, 1, verdict, EventId));
        Assert.DoesNotContain("a note", CanonicalJson.Serialize(PublicRecord.Event(verdict, EventId)));
    }

    [Fact]
    public void a_private_note_enters_the_public_form_only_as_a_hash_salted_per_event()
    {
        var one = PublicRecord.Event(Verdict("same words"), EventId);
        var other = PublicRecord.Event(Verdict("same words"), Guid.NewGuid());
        Assert.Null(one["note"]);
        Assert.Matches("^[0-9a-f]{64}$", (string)one["noteHash"]!);
        Assert.NotEqual((string)one["noteHash"]!, (string)other["noteHash"]!);
        Assert.Null(PublicRecord.Event(Verdict(null), EventId)["noteHash"]);
        Assert.True(PublicRecord.Event(Verdict(null), EventId).ContainsKey("noteHash"));
    }

    private static ScorecardPublished Release()
    {
        var tools = new[]
        {
            new PublishedTool(ToolA, "Zed", "Zed Industries", "Editors", "Fast", "A fast editor.", EntryTier.Free, "Free.",
                At, 100, 2, 0, 0, 2)
        };
        var quotes = new[] { new PublishedQuote(Reviewer, "Ada", "developer experience", ToolA, "Zed", Decision.Ship, "Ship it.", false, false) };
        var split = new Split([new ToolCount(ToolA, 2, 0)], [], [], [], "2 ship all");
        var pick = new PanelPick(ToolA, "Zed", [ToolA], "Ship with Zed: 100% panel ship.");
        var content = new PublishedContent("Zed alone", tools, quotes, split, pick, Scorecard.MethodText, 2, new EventsDigest(7, new string('b', 64)));
        return new ScorecardPublished(Comparison, 1, null, false, content, Reviewer, At);
    }
}
