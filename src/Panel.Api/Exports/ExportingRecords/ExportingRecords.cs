using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Panel.Comparisons;
using Panel.Scorecards.Exporting;

namespace Panel.Exports.ExportingRecords;

/// <summary>The filters every export takes; each one optional, all of them combined with "and".</summary>
public sealed record ExportFilter(Guid? Comparison, Guid? Reviewer, Guid? Tool, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>The filter, or the 400 problem naming every query parameter that cannot be read.</summary>
    public static (ExportFilter? Filter, ProblemDetails? Problem) Read(string? comparison, string? reviewer, string? tool, string? from, string? to)
    {
        var errors = new FieldErrors();
        var filter = new ExportFilter(Id(errors, "comparison", comparison), Id(errors, "reviewer", reviewer), Id(errors, "tool", tool),
            Time(errors, "from", from), Time(errors, "to", to));
        if (filter.From is { } f && filter.To is { } t && f >= t) errors.Add("to", "to must be later than from.");
        return errors.IsEmpty ? (filter, null) : (null, errors.ToProblem());
    }

    private static Guid? Id(FieldErrors errors, string name, string? value)
    {
        if (value is null) return null;
        if (Guid.TryParse(value, out var id) && id != Guid.Empty) return id;
        errors.Add(name, $"{name} must be an id (a UUID).");
        return null;
    }

    private static DateTimeOffset? Time(FieldErrors errors, string name, string? value)
    {
        if (value is null) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        errors.Add(name, $"{name} must be an ISO 8601 time, e.g. 2026-11-29T08:00:00Z.");
        return null;
    }

    public void AddTo(NpgsqlCommand command)
    {
        command.Parameters.Add(new NpgsqlParameter("comparison", NpgsqlDbType.Uuid) { Value = (object?)Comparison ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("reviewer", NpgsqlDbType.Text) { Value = (object?)Reviewer?.ToString() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("tool", NpgsqlDbType.Text) { Value = (object?)Tool?.ToString() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)From?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)To?.UtcDateTime ?? DBNull.Value });
    }
}

/// <summary>
/// Exports across comparisons for editors and admins: every current verdict (CSV or JSON lines) and every
/// comparison event (JSON lines). Rows go from a database cursor straight to the response, so memory
/// stays flat however many there are. docs/api.md lists the columns; they only ever gain new ones at the end.
/// </summary>
public static class ExportingRecordsEndpoint
{
    public static readonly string[] VerdictColumns =
    [
        "comparisonId", "comparisonTitle", "toolId", "toolName", "reviewerId", "reviewerName", "angle",
        "decision", "withdrawn", "quote", "editedQuote", "note", "revisions", "withdrawalReason", "at"
    ];

    private const int FlushEvery = 1000;

    [WolverineGet("/api/exports/verdicts.csv", OperationId = "exportAllVerdictsCsv")]
    [EndpointSummary("Export verdicts across comparisons as CSV")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [Produces("text/csv")]
    public static IResult VerdictsCsv(string? comparison, string? reviewer, string? tool, string? from, string? to, IDocumentStore store) =>
        Export(comparison, reviewer, tool, from, to, "text/csv; charset=utf-8", "verdicts.csv", filter => async body =>
        {
            Encoding.UTF8.GetBytes(string.Join(',', VerdictColumns) + "\r\n", body);
            var rows = 0;
            await foreach (var row in Verdicts(store, filter))
            {
                Encoding.UTF8.GetBytes(string.Join(',', row.Select(ExportingScorecardEndpoint.Cell)) + "\r\n", body);
                if (++rows % FlushEvery == 0) await body.FlushAsync();
            }
        });

    [WolverineGet("/api/exports/verdicts.jsonl", OperationId = "exportAllVerdictsJsonLines")]
    [EndpointSummary("Export verdicts across comparisons as JSON lines")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [Produces("application/jsonl")]
    public static IResult VerdictsJsonLines(string? comparison, string? reviewer, string? tool, string? from, string? to, IDocumentStore store) =>
        Export(comparison, reviewer, tool, from, to, "application/jsonl; charset=utf-8", "verdicts.jsonl", filter => async body =>
        {
            var rows = 0;
            await using var json = new Utf8JsonWriter(body);
            await foreach (var row in Verdicts(store, filter))
            {
                json.WriteStartObject();
                for (var i = 0; i < VerdictColumns.Length; i++)
                {
                    json.WritePropertyName(VerdictColumns[i]);
                    switch (row[i])
                    {
                        case null: json.WriteNullValue(); break;
                        case bool b: json.WriteBooleanValue(b); break;
                        case int n: json.WriteNumberValue(n); break;
                        case DateTimeOffset at: json.WriteStringValue(at.ToUniversalTime()); break;
                        default: json.WriteStringValue(row[i]!.ToString()); break;
                    }
                }
                json.WriteEndObject();
                await NewLine(json, body, ++rows);
            }
        });

    [WolverineGet("/api/exports/events.jsonl", OperationId = "exportEventsJsonLines")]
    [EndpointSummary("Export comparison events as JSON lines")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [Produces("application/jsonl")]
    public static IResult EventsJsonLines(string? comparison, string? reviewer, string? tool, string? from, string? to, IDocumentStore store) =>
        Export(comparison, reviewer, tool, from, to, "application/jsonl; charset=utf-8", "events.jsonl", filter => async body =>
        {
            // Comparison events only (people's streams hold token hashes): their store names → their names in the history.
            var types = store.Options.Events.AllKnownEventTypes()
                .Where(t => typeof(IComparisonEvent).IsAssignableFrom(t.EventType))
                .ToDictionary(t => t.EventTypeName, t => t.EventType.Name);
            await using var session = store.QuerySession();
            await using var command = new NpgsqlCommand($"""
                select seq_id, stream_id, version, type, timestamp, data::text
                from {store.Options.Events.DatabaseSchemaName}.mt_events
                where type = any(@types) and not is_archived
                  and (@comparison is null or stream_id = @comparison)
                  and (@reviewer is null or data->>'ReviewerId' = @reviewer)
                  and (@tool is null or data->>'ToolId' = @tool)
                  and (@from is null or timestamp >= @from)
                  and (@to is null or timestamp < @to)
                order by seq_id
                """);
            command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = types.Keys.ToArray() });
            filter.AddTo(command);

            var rows = 0;
            await using var json = new Utf8JsonWriter(body);
            await using var reader = await session.ExecuteReaderAsync(command, CancellationToken.None);
            while (await reader.ReadAsync())
            {
                json.WriteStartObject();
                json.WriteNumber("sequence", reader.GetInt64(0));
                json.WriteString("comparisonId", reader.GetGuid(1));
                json.WriteNumber("version", reader.GetInt64(2));
                json.WriteString("type", types[reader.GetString(3)]);
                json.WriteString("time", reader.GetFieldValue<DateTimeOffset>(4).ToUniversalTime());
                json.WritePropertyName("data");
                CamelCase(reader.GetString(5), json);
                json.WriteEndObject();
                await NewLine(json, body, ++rows);
            }
        });

    private static IResult Export(string? comparison, string? reviewer, string? tool, string? from, string? to,
        string contentType, string fileName, Func<ExportFilter, Func<PipeWriter, Task>> write)
    {
        // Everything a client can get wrong is answered before the first byte: a stream cannot become a 400 later.
        var (filter, problem) = ExportFilter.Read(comparison, reviewer, tool, from, to);
        return problem is not null ? problem.ToResult() : Results.Stream(async stream =>
        {
            var body = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
            await write(filter!)(body);
            await body.CompleteAsync();
        }, contentType, fileName);
    }

    /// <summary>Ends a row; the rows pile up in the pipe's buffer and go out every <see cref="FlushEvery"/>.</summary>
    private static async ValueTask NewLine(Utf8JsonWriter json, PipeWriter body, int rows)
    {
        json.Flush();
        json.Reset();
        body.Write("\n"u8);
        if (rows % FlushEvery == 0) await body.FlushAsync();
    }

    /// <summary>The current verdicts, one row per (comparison, reviewer, tool), in <see cref="VerdictColumns"/> order.</summary>
    private static async IAsyncEnumerable<object?[]> Verdicts(IDocumentStore store, ExportFilter filter)
    {
        await using var session = store.QuerySession();
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var command = new NpgsqlCommand($"""
            select d.id, d.data->>'Title', v->>'ToolId', t->>'Name', v->>'ReviewerId', s->>'ReviewerName', s->>'Angle',
                   v->>'Decision', v->>'WithdrawalReason', v->>'Quote', v->>'EditedQuote', v->>'Note',
                   coalesce((v->>'Revisions')::int, 0), (v->>'At')::timestamptz
            from {schema}.mt_doc_comparison d
            cross join lateral jsonb_array_elements(d.data->'Verdicts') with ordinality as verdicts(v, position)
            left join lateral (select x from jsonb_array_elements(d.data->'Tools') x where x->>'ToolId' = v->>'ToolId' limit 1) tools(t) on true
            left join lateral (select x from jsonb_array_elements(d.data->'Seats') x where x->>'ReviewerId' = v->>'ReviewerId' limit 1) seats(s) on true
            where (@comparison is null or d.id = @comparison)
              and (@reviewer is null or v->>'ReviewerId' = @reviewer)
              and (@tool is null or v->>'ToolId' = @tool)
              and (@from is null or (v->>'At')::timestamptz >= @from)
              and (@to is null or (v->>'At')::timestamptz < @to)
            order by (d.data->>'OpenedAt')::timestamptz, d.id, verdicts.position
            """);
        filter.AddTo(command);
        await using var reader = await session.ExecuteReaderAsync(command, CancellationToken.None);
        while (await reader.ReadAsync())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            yield return
            [
                reader.GetGuid(0), Text(1), Text(2), Text(3), Text(4), Text(5), Text(6),
                Text(7), Text(8) is not null, Text(9), Text(10), Text(11), reader.GetInt32(12), Text(8),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)
            ];
        }
    }

    /// <summary>Copies stored event JSON (the store's PascalCase) with the API's camelCase member names.</summary>
    public static void CamelCase(string stored, Utf8JsonWriter json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stored));
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: json.WriteStartObject(); break;
                case JsonTokenType.EndObject: json.WriteEndObject(); break;
                case JsonTokenType.StartArray: json.WriteStartArray(); break;
                case JsonTokenType.EndArray: json.WriteEndArray(); break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    json.WritePropertyName(name.Length > 0 ? char.ToLowerInvariant(name[0]) + name[1..] : name);
                    break;
                case JsonTokenType.String: json.WriteStringValue(reader.GetString()); break;
                case JsonTokenType.Number:
                    using (var number = JsonDocument.ParseValue(ref reader)) number.RootElement.WriteTo(json);
                    break;
                case JsonTokenType.True: json.WriteBooleanValue(true); break;
                case JsonTokenType.False: json.WriteBooleanValue(false); break;
                case JsonTokenType.Null: json.WriteNullValue(); break;
            }
        }
    }
}
