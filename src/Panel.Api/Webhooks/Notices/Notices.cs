using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Panel.Comparisons;

namespace Panel.Webhooks.Notices;

/// <summary>A notice as receivers get it: <c>{"id", "type", "occurredAt", "data"}</c>.</summary>
public sealed record Notice(Guid Id, string Type, DateTimeOffset OccurredAt, object Data)
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions();
        PanelJson.Configure(options);
        return options;
    }

    public string ToJson() => JsonSerializer.Serialize(new { id = Id, type = Type, occurredAt = OccurredAt, data = Data }, Json);
}

public sealed record VerdictNoticeData(
    Guid ComparisonId, string? ComparisonTitle, Guid ToolId, string? ToolName, Guid ReviewerId, string? ReviewerName,
    Decision? Decision, string? Reason);

public sealed record PanelCompletedData(Guid ComparisonId, string? ComparisonTitle, Guid CompletedBy);

public sealed record ScorecardNoticeData(Guid ComparisonId, string? ComparisonTitle, int Version, string? Note, string Page);

public sealed record ReminderNoticeData(
    Guid ComparisonId, string? ComparisonTitle, Guid ReviewerId, string ReviewerName, IReadOnlyList<Guid> OwedToolIds,
    IReadOnlyList<string?> OwedToolNames, DateTimeOffset DueAt);

public sealed record OverdueNoticeData(Guid ComparisonId, string? ComparisonTitle, DateTimeOffset DueAt, int Missing);

/// <summary>
/// Which notices an event makes (pure). Ids are derived from the event's id, so making the notices of one
/// event twice gives the same notices, and the same deliveries.
/// </summary>
public static class Notices
{
    /// <param name="eventId">The event's id in the store.</param>
    /// <param name="data">The event.</param>
    /// <param name="c">The comparison as it stands now, for titles and names (null if unknown).</param>
    public static IEnumerable<Notice> From(Guid eventId, object data, Comparison? c)
    {
        string? Tool(Guid id) => c?.Tool(id)?.Name;
        string? Reviewer(Guid id) => c?.SeatOf(id)?.ReviewerName;
        var title = c?.Title;
        var id = Derive(eventId.ToString());

        switch (data)
        {
            case VerdictSubmitted e:
                yield return new Notice(id, NoticeTypes.VerdictSubmitted, e.At,
                    new VerdictNoticeData(e.ComparisonId, title, e.ToolId, Tool(e.ToolId), e.ReviewerId, Reviewer(e.ReviewerId), e.Decision, null));
                break;
            case VerdictRevised e:
                yield return new Notice(id, NoticeTypes.VerdictRevised, e.At,
                    new VerdictNoticeData(e.ComparisonId, title, e.ToolId, Tool(e.ToolId), e.ReviewerId, Reviewer(e.ReviewerId), e.Decision, e.Reason));
                break;
            case VerdictWithdrawn e:
                yield return new Notice(id, NoticeTypes.VerdictWithdrawn, e.At,
                    new VerdictNoticeData(e.ComparisonId, title, e.ToolId, Tool(e.ToolId), e.ReviewerId, Reviewer(e.ReviewerId), null, e.Reason));
                break;
            case PanelCompleted e:
                yield return new Notice(id, NoticeTypes.PanelCompleted, e.At, new PanelCompletedData(e.ComparisonId, title, e.By));
                break;
            case ScorecardPublished e:
                yield return new Notice(id, e.IsCorrection ? NoticeTypes.ScorecardCorrected : NoticeTypes.ScorecardPublished, e.At,
                    new ScorecardNoticeData(e.ComparisonId, title, e.Version, e.Note, $"/scorecards/{e.ComparisonId}/versions/{e.Version}"));
                break;
            case ReviewersReminded e:
                // One notice per reviewer, so a receiver can forward each to its person.
                foreach (var r in e.Reviewers)
                    yield return new Notice(Derive($"{eventId}/{r.ReviewerId}"), NoticeTypes.DeadlineReminder, e.At,
                        new ReminderNoticeData(e.ComparisonId, title, r.ReviewerId, r.ReviewerName, r.OwedToolIds,
                            r.OwedToolIds.Select(Tool).ToList(), e.DueAt));
                break;
            case ComparisonRetracted e:
                yield return new Notice(id, NoticeTypes.ScorecardRetracted, e.At,
                    new ScorecardNoticeData(e.ComparisonId, title, e.Version, e.Note, $"/scorecards/{e.ComparisonId}"));
                break;
            case PanelBecameOverdue e:
                yield return new Notice(id, NoticeTypes.DeadlineOverdue, e.At, new OverdueNoticeData(e.ComparisonId, title, e.DueAt, e.Missing));
                break;
        }
    }

    /// <summary>The same text always gives the same id (name-based, from SHA-256).</summary>
    public static Guid Derive(string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0f) | 0x80); // version 8 (little-endian field order of Guid(byte[]))
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    public static Guid DeliveryId(Guid noticeId, Guid webhookId) => Derive($"{noticeId}/{webhookId}");
}
