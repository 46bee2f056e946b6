using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Panel.Infrastructure;

/// <summary>
/// Makes the generated document say what the service does: a tag per feature (from the endpoint's
/// namespace, so a new slice is tagged without a line here), bearer or explicitly public security, every
/// problem answer with the members it really carries, the ETag/If-Match/If-None-Match/Location/Retry-After
/// headers where they are used, and example bodies for the writes clients start with.
/// </summary>
public static partial class OpenApi
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>Every tag, in the order a reader meets them. A slice's tag is its feature folder.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["People"] = "Users, their roles, email addresses, invitations and tokens (admins), and everyone's own API keys.",
        ["Tools"] = "The tools comparisons are made of, and their dated pricing.",
        ["Comparisons"] = "Opening a comparison, seating its panel, deadlines, the live scorecard, publishing.",
        ["Verdicts"] = "A reviewer's verdicts on each tool, and editors' edits of their wording.",
        ["Queues"] = "What each person has to do next.",
        ["Scorecards"] = "Published scorecards: public, versioned, exportable.",
        ["Reviewers"] = "A reviewer's public record across published comparisons.",
        ["Community"] = "The public's votes on a published comparison.",
        ["Evidence"] = "Seals, signing keys and evidence to verify a publication without trusting the server.",
        ["Exports"] = "Verdicts and events across comparisons, streamed (editors and admins).",
        ["Webhooks"] = "Signed notices of changes sent to receivers, their deliveries and replays (admins).",
        ["Email"] = "Outgoing email: what is pending, sent or dead-lettered, and replays (admins).",
    };

    /// <summary>Use cases that live beside their aggregate's stream but are the Verdicts part of the contract.</summary>
    private static readonly HashSet<string> VerdictUseCases = ["SubmittingVerdict", "WithdrawingVerdict", "EditingQuote"];

    /// <summary><c>Panel.&lt;Feature&gt;.&lt;UseCase&gt;</c> → the feature's tag.</summary>
    public static string TagOf(Type endpoint)
    {
        var parts = (endpoint.Namespace ?? "").Split('.');
        if (parts.Length > 2 && parts[1] == "Comparisons" && VerdictUseCases.Contains(parts[2])) return "Verdicts";
        return parts.Length > 1 ? parts[1] : "Panel";
    }

    /// <summary>Problems whose extension members depend on the operation, not only on the status.</summary>
    private static readonly Dictionary<(string Operation, int Status), string> ProblemShapes = new()
    {
        [("publishScorecard", 409)] = "IncompletePanelProblem",
        [("getLiveScorecard", 403)] = "OwedVerdictsProblem",
        [("openComparison", 404)] = "UnknownToolsProblem",
    };

    private static readonly Dictionary<string, string> Examples = new()
    {
        ["createUser"] = """{ "name": "Ada Reviewer", "role": "Reviewer" }""",
        ["registerTool"] = """
            { "name": "Gemma 3 27B", "vendor": "Google", "category": "Open-weights model", "tagline": "Runs on one GPU",
              "description": "A 27B open-weights model.", "entryTier": "Free", "pricingRead": "Free weights; hosting is yours." }
            """,
        ["openComparison"] = """
            { "title": "Gemma 3 27B vs ml-intern",
              "toolIds": ["0195f3a0-1c2d-7e4f-8a9b-0c1d2e3f4a5b", "0195f3a0-1c2d-7e4f-8a9b-0c1d2e3f4a5c"] }
            """,
        ["seatReviewer"] = """{ "reviewerId": "0195f3a0-1c2d-7e4f-8a9b-0c1d2e3f4a60", "angle": "Daily driver for code review" }""",
        ["submitVerdict"] = """{ "decision": "Ship", "quote": "Caught two real bugs in a week; never got in the way." }""",
        ["publishScorecard"] = """{ "note": "Corrected: a quote misattributed to the wrong tool." }""",
        ["castVote"] = """{ "toolId": "0195f3a0-1c2d-7e4f-8a9b-0c1d2e3f4a5b" }""",
    };

    /// <summary>What Wolverine writes when an endpoint names no summary: <c>PUT_api_tools_id_pricing</c>.</summary>
    [GeneratedRegex("^(GET|PUT|POST|DELETE|PATCH|HEAD)_[A-Za-z0-9_]*$")]
    public static partial Regex GeneratedName();

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Panel",
                Version = "v1",
                Description = "Reviewer panels for tool comparisons: verdicts as events, computed and published scorecards. " +
                              "Every error is an RFC 9457 problem (application/problem+json) whose type is a stable " +
                              "https://panel.dev/problems/<kind>."
            };
            // The server is the request's own address; a trailing slash would double every path's first one.
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));

            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerAuthentication.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A user's token or API key, or the configured admin key."
            };
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            foreach (var (name, schema) in ProblemSchemas(document)) document.Components.Schemas[name] = schema;
            foreach (var (name, schema) in WrittenBodySchemas()) document.Components.Schemas[name] = schema;
            return Task.CompletedTask;
        });

        // Enums travel as their names (PanelJson); its own converter hides that from the schema generator.
        // Each value is written by the answers' own serializer, so a member's [JsonStringEnumMemberName] is what the document says.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = [.. PanelJson.Names(type, context.JsonTypeInfo.Options).Select(name => (JsonNode)name)];
            }
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            Describe(operation, context);
            return Task.CompletedTask;
        });

        // Last: what no operation refers to any more (the IResult Wolverine infers, the generated ProblemDetails).
        options.AddDocumentTransformer((document, _, _) =>
        {
            var json = document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1).GetAwaiter().GetResult();
            foreach (var name in new[] { "IResult", "ProblemDetails" })
            {
                if (!json.Contains($"\"#/components/schemas/{name}\"")) document.Components?.Schemas?.Remove(name);
            }
            return Task.CompletedTask;
        });
    }

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        var endpoint = (context.Description.ActionDescriptor as ControllerActionDescriptor)?.MethodInfo.DeclaringType
                       ?? metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.DeclaringType;
        if (endpoint is not null) operation.Tags = new HashSet<OpenApiTagReference> { new(TagOf(endpoint), document) };

        // The method's own [EndpointSummary] wins over the route-shaped name Wolverine supplies.
        if (metadata.OfType<EndpointSummaryAttribute>().LastOrDefault() is { } summary) operation.Summary = summary.Summary;
        if (operation.Summary is { } s && GeneratedName().IsMatch(s)) operation.Summary = null;
        if (operation.Description is { } d && GeneratedName().IsMatch(d)) operation.Description = null;

        operation.Responses ??= new OpenApiResponses();
        var responses = operation.Responses;
        var id = operation.OperationId ?? "";
        var path = context.Description.RelativePath ?? "";

        void Problem(int status, string description)
        {
            var key = status.ToString();
            if (!responses.ContainsKey(key)) responses[key] = new OpenApiResponse { Description = description };
        }

        var isProtected = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Security = [];
        if (isProtected)
        {
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerAuthentication.SchemeName, document)] = []
            });
            Problem(StatusCodes.Status401Unauthorized, "No credential, or one that is not valid.");
            Problem(StatusCodes.Status403Forbidden, "The credential's role or identity does not allow this.");
            Problem(StatusCodes.Status429TooManyRequests, "Too many wrong credentials from this address; wait for Retry-After.");
        }
        var hasQuery = context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Query");
        if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Body") || operation.RequestBody is not null)
            Problem(StatusCodes.Status400BadRequest, "Malformed or invalid input; errors lists the fields.");
        else if (hasQuery)
            Problem(StatusCodes.Status400BadRequest, "A query parameter cannot be read; errors names it.");
        if (path.Contains('{'))
            Problem(StatusCodes.Status404NotFound, "Unknown comparison, tool, user, webhook or version.");
        else if (!metadata.OfType<ProducesResponseTypeAttribute>().Any(m => m.StatusCode == StatusCodes.Status404NotFound))
            responses.Remove("404"); // Wolverine assumes one for every route; without an id, only a declared one is real
        if (path.StartsWith("api/"))
            Problem(StatusCodes.Status503ServiceUnavailable, "The database does not answer. Retry after Retry-After with the same Idempotency-Key: a change applies once.");
        if (path.StartsWith("api/") && Idempotency.IsStateChanging(context.Description.HttpMethod ?? ""))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Idempotency.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "A new UUID for each change: a retry with the same key and request gets the first answer again (Idempotent-Replayed: true) and changes nothing.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Idempotency.MaxKeyLength }
            });
            Problem(StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used for a different request.");
        }

        // An endpoint that creates answers 201, one that accepts 202, one that deletes 204: the 200 Wolverine
        // infers from its IResult is never sent.
        if (responses.Keys.Any(k => k is "201" or "202" or "204")) responses.Remove("200");
        foreach (var (key, response) in responses)
        {
            if (response is not OpenApiResponse answer) continue;
            var status = int.Parse(key);
            if (status >= 400)
            {
                var shape = ProblemShapes.GetValueOrDefault((id, status)) ?? status switch
                {
                    400 => "ValidationProblem",
                    412 => "StaleVersionProblem",
                    _ => "Problem"
                };
                answer.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new() { Schema = new OpenApiSchemaReference(shape, document) }
                };
                if (answer.Description is null or "Bad Request" or "Not Found" or "Conflict" or "Precondition Failed" or "Too Many Requests")
                    answer.Description = Describe(status);
            }
            else if (answer.Content?.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true)
            {
                answer.Content = null;
            }
        }

        // Bodies written by hand (JSON Lines, a JsonObject sent as text): the generator sees only an IResult.
        if (WrittenBodies.TryGetValue(id, out var written) && responses.TryGetValue("200", out var ok) && ok is OpenApiResponse answered)
        {
            if (written.Description is not null) answered.Description = written.Description;
            answered.Content = new Dictionary<string, OpenApiMediaType>
            {
                [written.Media] = new() { Schema = new OpenApiSchemaReference(written.Schema, document) }
            };
        }

        Headers(operation);

        if (Examples.TryGetValue(id, out var example) && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
            body.Example = JsonNode.Parse(example);
    }

    /// <summary>The 200 bodies an endpoint writes itself: media type, schema (of one line, for JSON Lines), description.</summary>
    private static readonly Dictionary<string, (string Media, string Schema, string? Description)> WrittenBodies = new()
    {
        ["exportAllVerdictsJsonLines"] = ("application/jsonl", "ExportedVerdict", "One JSON object per line, each an ExportedVerdict, streamed in order."),
        ["exportEventsJsonLines"] = ("application/jsonl", "ExportedEvent", "One JSON object per line, each an ExportedEvent, in sequence order."),
        ["getScorecardEvidence"] = ("application/json", "Evidence", null),
        ["getSigningKeys"] = ("application/jwk-set+json", "SigningKeys", null),
    };

    /// <summary>
    /// The bodies of <see cref="WrittenBodies"/>: one line of each JSON Lines export as ExportingRecordsEndpoint
    /// writes it (docs/api.md lists the members), the evidence of a version and the signing keys (docs/verification.md).
    /// </summary>
    private static IEnumerable<(string, IOpenApiSchema)> WrittenBodySchemas()
    {
        static OpenApiSchema Of(JsonSchemaType type, string? format = null, string? description = null) =>
            new() { Type = type, Format = format, Description = description };
        const JsonSchemaType text = JsonSchemaType.String, maybeText = JsonSchemaType.String | JsonSchemaType.Null;
        var verdict = new Dictionary<string, IOpenApiSchema>
        {
            ["comparisonId"] = Of(text, "uuid"),
            ["comparisonTitle"] = Of(maybeText),
            ["toolId"] = Of(text, "uuid"),
            ["toolName"] = Of(maybeText, description: "The tool's name as the comparison captured it."),
            ["reviewerId"] = Of(text, "uuid"),
            ["reviewerName"] = Of(maybeText),
            ["angle"] = Of(maybeText, description: "The reviewer's angle on this panel."),
            ["decision"] = new OpenApiSchema
            {
                Type = text,
                Enum = [.. Enum.GetNames<Comparisons.Decision>().Select(name => (JsonNode)name)], // the stored name, as the row carries it
                Description = "The latest decision, also for a withdrawn verdict."
            },
            ["withdrawn"] = Of(JsonSchemaType.Boolean, description: "True when the verdict was withdrawn (left out of the figures)."),
            ["quote"] = Of(maybeText, description: "The reviewer's own words."),
            ["editedQuote"] = Of(maybeText, description: "An editor's wording for publication; null when none."),
            ["note"] = Of(maybeText, description: "The reviewer's private note; null when none."),
            ["revisions"] = Of(JsonSchemaType.Integer, "int32", "How many times the reviewer revised it."),
            ["withdrawalReason"] = Of(maybeText, description: "Why it was withdrawn; null otherwise."),
            ["at"] = Of(maybeText, "date-time", "When it last changed (UTC)."),
        };
        yield return ("ExportedVerdict", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One current verdict of verdicts.jsonl. New members are only ever added at the end.",
            Required = verdict.Keys.ToHashSet(),
            Properties = verdict
        });
        var change = new Dictionary<string, IOpenApiSchema>
        {
            ["sequence"] = Of(JsonSchemaType.Integer, "int64", "The store's global sequence number: the lines' order."),
            ["comparisonId"] = Of(text, "uuid"),
            ["version"] = Of(JsonSchemaType.Integer, "int64", "The event's number in its comparison."),
            ["type"] = Of(text, description: "The event's type, as in the history."),
            ["time"] = Of(text, "date-time", "When the server appended it (UTC)."),
            ["data"] = Of(JsonSchemaType.Object, description: "The event's data as the history shows it (camelCase)."),
        };
        yield return ("ExportedEvent", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One comparison event of events.jsonl.",
            Required = change.Keys.ToHashSet(),
            Properties = change
        });

        static OpenApiSchema Fixed(string value) => new() { Type = JsonSchemaType.String, Enum = [(JsonNode)value] };
        static OpenApiSchema Shape(JsonSchemaType type, string? description, Dictionary<string, IOpenApiSchema> members) =>
            new() { Type = type, Description = description, Required = members.Keys.ToHashSet(), Properties = members };
        yield return ("Evidence", Shape(JsonSchemaType.Object,
            "Everything needed to recompute a version's digest and check its signature without trusting Panel (docs/verification.md).",
            new()
            {
                ["scheme"] = Of(text, description: "The sealing scheme, e.g. panel-2."),
                ["comparisonId"] = Of(text, "uuid"),
                ["version"] = Of(JsonSchemaType.Integer, "int32"),
                ["events"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "The events the version was computed from, in their public form (private notes only as salted hashes).",
                    Items = Shape(JsonSchemaType.Object, null, new()
                    {
                        ["version"] = Of(JsonSchemaType.Integer, "int64"),
                        ["type"] = Of(text),
                        ["data"] = Of(JsonSchemaType.Object),
                        ["link"] = Of(maybeText, description: "The chain link recorded for this event at publication."),
                    })
                },
                ["release"] = Of(JsonSchemaType.Object | JsonSchemaType.Null, description: "The released content as stored in the published document."),
                ["eventRelease"] = Of(JsonSchemaType.Object, description: "The released content as stored in the publication event."),
                ["statement"] = Shape(JsonSchemaType.Object, "What the digest is the hash of, and the signature signs.", new()
                {
                    ["scheme"] = Of(text),
                    ["comparisonId"] = Of(text, "uuid"),
                    ["version"] = Of(JsonSchemaType.Integer, "int32"),
                    ["events"] = Shape(JsonSchemaType.Object, null, new() { ["count"] = Of(JsonSchemaType.Integer, "int64"), ["chain"] = Of(text) }),
                    ["release"] = Of(text),
                }),
                ["digest"] = Of(text),
                ["signature"] = Shape(JsonSchemaType.Object | JsonSchemaType.Null, "Null when the version was published unsigned.", new()
                {
                    ["alg"] = Fixed("ES256"),
                    ["keyId"] = Of(text, description: "The kid of the key in /.well-known/panel-keys."),
                    ["value"] = Of(text, description: "r‖s, base64url."),
                }),
                ["keys"] = Of(text, "uri-reference", "Where the signing keys are served."),
            }));
        yield return ("SigningKeys", Shape(JsonSchemaType.Object, "The keys that sign publications, current and retired, as a JWK Set (RFC 7517).", new()
        {
            ["keys"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = Shape(JsonSchemaType.Object, null, new()
                {
                    ["kty"] = Fixed("EC"),
                    ["crv"] = Fixed("P-256"),
                    ["x"] = Of(text),
                    ["y"] = Of(text),
                    ["kid"] = Of(text),
                    ["use"] = Fixed("sig"),
                    ["alg"] = Fixed("ES256"),
                    ["status"] = new OpenApiSchema { Type = text, Enum = [(JsonNode)"current", (JsonNode)"retired"] },
                })
            }
        }));
    }

    private static string Describe(int status) => status switch
    {
        400 => "Malformed or invalid input; errors lists the fields.",
        403 => "Not allowed.",
        404 => "Unknown comparison, tool, user, webhook or version.",
        409 => "The request conflicts with the resource's state; type names which conflict.",
        412 => "If-Match no longer matches: the resource changed since you read it. currentVersion says where it is.",
        429 => "Too many requests; wait for Retry-After.",
        _ => "A problem."
    };

    /// <summary>
    /// Writes through the one write path take If-Match and answer the new ETag (they declare 412);
    /// conditional reads take If-None-Match (they declare 304); creations say where; waits say how long.
    /// </summary>
    private static void Headers(OpenApiOperation operation)
    {
        var responses = operation.Responses!;
        var versioned = responses.ContainsKey("412");
        var conditional = responses.ContainsKey("304");
        operation.Parameters ??= [];
        if (versioned)
        {
            operation.Parameters.Add(Header("If-Match",
                "The ETag you read (e.g. \"7\"): the write is refused with 412 if the resource has moved on since. Without it, writes queue and apply in turn."));
        }
        if (conditional)
        {
            operation.Parameters.Add(Header("If-None-Match", "An ETag you hold: if it is still current the answer is 304 without a body."));
            if (responses["304"] is OpenApiResponse notModified) notModified.Description = "Not modified: the ETag you sent is current.";
        }
        foreach (var (key, response) in responses)
        {
            if (response is not OpenApiResponse answer) continue;
            var status = int.Parse(key);
            var headers = new Dictionary<string, IOpenApiHeader>();
            if (status is >= 200 and < 300 && (versioned || conditional) || status == 304)
                headers["ETag"] = new OpenApiHeader { Description = "The resource's version, as a strong ETag.", Schema = Text() };
            if (status == 201)
                headers["Location"] = new OpenApiHeader { Description = "Where the created resource is read.", Schema = Text() };
            if (status is 429 or 503)
                headers["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before retrying.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };
            if (headers.Count > 0) answer.Headers = headers;
        }
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = Text()
    };

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    /// <summary>
    /// The problem shapes, as sent: RFC 9457 members, the traceId every answer carries, and each kind's
    /// extension members (Problems, ProblemShaping and the decisions that add them).
    /// </summary>
    private static IEnumerable<(string, IOpenApiSchema)> ProblemSchemas(OpenApiDocument document)
    {
        yield return ("Problem", new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. Some kinds add members of their own; a client may ignore members it does not know.",
            Required = new HashSet<string> { "type", "title", "status" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "The kind of problem, stable: https://panel.dev/problems/<kind>." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short, human summary of the kind." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong this time, in words." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, as the service logged it." },
            }
        });
        yield return Extended("ValidationProblem", "A request that cannot be read or is not valid. errors is present when a field is to blame.",
            ("errors", new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Per field (in the request's own names), what to correct.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text() }
            }, false));
        yield return Extended("StaleVersionProblem", "If-Match named a version that is no longer current (stale-version).",
            ("currentVersion", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = "The version now current; read it, then retry." }, true));
        yield return Extended("IncompletePanelProblem",
            "Why the scorecard cannot be published: incomplete-panel lists the verdicts still missing; missing-bottom-line lists " +
            "[\"bottomLine\"]; unresolved-conflicts lists in conflicts the verdicts of reviewers barred by a declared conflict; " +
            "other conflicts (nothing-to-correct, retracted) carry no list.",
            ("missing", new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema { OneOf = [new OpenApiSchemaReference("MissingVerdict", document), Text()] }
            }, false),
            ("conflicts", new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["reviewerId"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                        ["reviewerName"] = Text(),
                        ["toolId"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                        ["toolName"] = Text(),
                        ["declared"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text() }
                    }
                }
            }, false));
        yield return Extended("OwedVerdictsProblem", "A seated reviewer may not read the panel's figures before giving their own verdicts: owedToolIds lists the tools they still owe.",
            ("owedToolIds", Ids(), false));
        yield return Extended("UnknownToolsProblem", "Some of the tools named are not registered.",
            ("unknownToolIds", Ids(), true));

        (string, IOpenApiSchema) Extended(string name, string description, params (string Name, IOpenApiSchema Schema, bool Required)[] members) =>
            (name, new OpenApiSchema
            {
                Description = description,
                AllOf =
                [
                    new OpenApiSchemaReference("Problem", document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = members.ToDictionary(m => m.Name, m => m.Schema),
                        Required = members.Any(m => m.Required) ? members.Where(m => m.Required).Select(m => m.Name).ToHashSet() : null
                    }
                ]
            });

        static OpenApiSchema Ids() => new() { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" } };
    }
}
