using System.Text.Json;
using System.Text.Json.Nodes;

namespace Panel.Tests.Infrastructure;

/// <summary>One answer as the service sent it: what a client would check against the served document.</summary>
public sealed record Answer(string Method, string Path, int Status, string? ContentType, string Body)
{
    public override string ToString() => $"{Method} {Path} → {Status}";
}

/// <summary>
/// Checks real answers against the served OpenAPI document: the route and status must be declared, and a
/// JSON body must satisfy the schema declared for its media type. A small validator over the subset of JSON
/// Schema the generated document uses (type, properties, required, items, enum, additionalProperties,
/// allOf/oneOf/anyOf, $ref), so a new keyword the document starts to use fails loudly instead of passing.
/// </summary>
public sealed class OpenApiAnswers(JsonNode document)
{
    private static readonly HashSet<string> Understood =
    [
        "type", "properties", "required", "items", "enum", "additionalProperties", "allOf", "oneOf", "anyOf", "$ref",
        "nullable", "format", "description", "example", "examples", "default", "title", "minLength", "maxLength",
        "minimum", "maximum", "minItems", "maxItems", "pattern", "readOnly", "writeOnly", "deprecated", "externalDocs"
    ];

    /// <summary>Everything wrong with one answer, in words; empty when the document tells the truth about it.</summary>
    public IEnumerable<string> Violations(Answer answer)
    {
        var (template, operation) = Operation(answer.Method, answer.Path);
        if (operation is null)
        {
            yield return $"{answer}: {answer.Method} {template ?? answer.Path} is not in the document";
            yield break;
        }
        var responses = operation["responses"]?.AsObject();
        var response = responses?[answer.Status.ToString()] ?? responses?["default"];
        if (response is null)
        {
            yield return $"{answer}: status {answer.Status} is not declared for {answer.Method} {template}";
            yield break;
        }
        if (answer.Body.Length == 0) yield break;
        var media = answer.ContentType?.Split(';')[0].Trim();
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            yield return $"{answer}: sent a {media} body where the document declares none";
            yield break;
        }
        if (content[media ?? ""] is not { } declared)
        {
            yield return $"{answer}: sent {media}, the document declares {string.Join(", ", content.Select(c => c.Key))}";
            yield break;
        }
        if (media is not null && (media.EndsWith("json") || media.EndsWith("jsonl")) && declared["schema"] is JsonObject { Count: 0 })
        {
            yield return $"{answer}: the document declares {media} without saying what it holds (an empty schema)";
            yield break;
        }
        if (media is not null && media.EndsWith("jsonl") && declared["schema"] is { } line)
        {
            // JSON Lines: the schema is each line's.
            var lines = answer.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < lines.Length; i++)
            {
                JsonNode? row = null;
                string? broken = null;
                try { row = JsonNode.Parse(lines[i]); }
                catch (JsonException e) { broken = e.Message; }
                if (broken is not null) yield return $"{answer}: line {i + 1} is not JSON ({broken})";
                else foreach (var problem in Check(line, row, $"line {i + 1}")) yield return $"{answer}: {problem}";
            }
            yield break;
        }
        if (media is null || !(media.EndsWith("/json") || media.EndsWith("+json")) || declared["schema"] is not { } schema) yield break;
        JsonNode? body;
        string? unreadable = null;
        try { body = JsonNode.Parse(answer.Body); }
        catch (JsonException e) { body = null; unreadable = e.Message; }
        if (unreadable is not null)
        {
            yield return $"{answer}: the body is not JSON ({unreadable})";
            yield break;
        }
        foreach (var problem in Check(schema, body, "$")) yield return $"{answer}: {problem}";
    }

    /// <summary>Every documented operation, as "GET /api/scorecards/{id}".</summary>
    public IReadOnlyList<string> Operations() =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Key is "get" or "put" or "post" or "delete" or "patch")
                .Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .ToList();

    /// <summary>"GET /api/scorecards/{id}": the documented operation an answer belongs to, or null.</summary>
    public string? OperationOf(Answer answer) =>
        Operation(answer.Method, answer.Path) is (var template, not null) ? $"{answer.Method} {template}" : null;

    /// <summary>The operation for a concrete path: the template whose literal segments match most.</summary>
    private (string? Template, JsonObject? Operation) Operation(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        var best = document["paths"]!.AsObject()
            .Select(p => (Template: p.Key, Node: p.Value!, Parts: p.Key.Trim('/').Split('/')))
            .Where(p => p.Parts.Length == segments.Length
                        && p.Parts.Zip(segments).All(x => x.First.StartsWith('{') || string.Equals(x.First, x.Second, StringComparison.Ordinal)))
            .OrderByDescending(p => p.Parts.Count(x => !x.StartsWith('{')))
            .FirstOrDefault();
        if (best.Template is null) return (null, null);
        return (best.Template, best.Node[method.ToLowerInvariant()] as JsonObject);
    }

    /// <summary>A local reference (<c>#/components/schemas/X</c>, or deeper) followed to what it names.</summary>
    private JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#/")) throw new InvalidOperationException($"Only local references are understood: {reference}");
        JsonNode? node = document;
        foreach (var part in reference[2..].Split('/'))
        {
            var name = part.Replace("~1", "/").Replace("~0", "~");
            node = node is JsonArray array ? array[int.Parse(name)] : node?[name];
        }
        return node ?? throw new InvalidOperationException($"The document refers to {reference}, which it lacks.");
    }

    private IEnumerable<string> Check(JsonNode schema, JsonNode? value, string at)
    {
        if (schema is JsonValue boolean && boolean.TryGetValue<bool>(out var allowed))
        {
            if (!allowed) yield return $"{at}: no value is allowed here";
            yield break;
        }
        var s = schema.AsObject();
        foreach (var keyword in s.Select(k => k.Key).Where(k => !Understood.Contains(k) && !k.StartsWith("x-")))
            throw new InvalidOperationException($"The validator does not understand '{keyword}' (at {at}); teach it before trusting it.");

        if (s["$ref"] is { } reference)
        {
            foreach (var p in Check(Resolve((string)reference!), value, at)) yield return p;
        }

        if (value is null && s["nullable"] is JsonValue n && n.GetValue<bool>()) yield break;

        if (s["type"] is { } type)
        {
            var types = type is JsonArray many ? many.Select(t => (string)t!).ToList() : [(string)type!];
            if (!types.Any(t => Is(t, value)))
            {
                yield return $"{at}: {Kind(value)} where the document says {string.Join(" or ", types)}";
                yield break;
            }
        }

        if (s["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
            yield return $"{at}: {value?.ToJsonString() ?? "null"} is not one of {options.ToJsonString()}";

        if (s["allOf"] is JsonArray all)
            foreach (var part in all)
                foreach (var p in Check(part!, value, at)) yield return p;
        if (s["anyOf"] is JsonArray any && !any.Any(part => !Check(part!, value, at).Any()))
            yield return $"{at}: matches none of anyOf ({First(any, value, at)})";
        if (s["oneOf"] is JsonArray one)
        {
            var matching = one.Count(part => !Check(part!, value, at).Any());
            if (matching != 1) yield return $"{at}: matches {matching} of oneOf, not exactly one ({First(one, value, at)})";
        }

        if (value is JsonObject obj)
        {
            var properties = s["properties"]?.AsObject();
            foreach (var name in s["required"]?.AsArray().Select(r => (string)r!) ?? [])
                if (!obj.ContainsKey(name)) yield return $"{at}: the required member '{name}' is missing";
            foreach (var (name, member) in obj)
            {
                if (properties?[name] is { } declared)
                {
                    foreach (var p in Check(declared, member, $"{at}.{name}")) yield return p;
                }
                else if (s["additionalProperties"] is { } extra)
                {
                    foreach (var p in Check(extra, member, $"{at}.{name}")) yield return p;
                }
            }
        }
        if (value is JsonArray items && s["items"] is { } item)
        {
            for (var i = 0; i < items.Count; i++)
                foreach (var p in Check(item, items[i], $"{at}[{i}]")) yield return p;
        }
    }

    private string First(JsonArray alternatives, JsonNode? value, string at) =>
        string.Join("; ", alternatives.Select(a => Check(a!, value, at).FirstOrDefault()).Where(p => p is not null).Take(3));

    private static bool Is(string type, JsonNode? value) => type switch
    {
        "null" => value is null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && decimal.TryParse(v.ToJsonString(),
            System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d),
        _ => throw new InvalidOperationException($"Unknown JSON Schema type '{type}'.")
    };

    private static string Kind(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? "a boolean" : "a " + value.GetValueKind().ToString().ToLowerInvariant(),
    };
}
