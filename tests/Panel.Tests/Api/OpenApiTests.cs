using System.Text.Json.Nodes;
using Alba;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class OpenApiTests(AppFixture fixture) : ApiTest(fixture)
{
    private sealed record Operation(string Method, string Path, JsonObject Node)
    {
        public override string ToString() => $"{Method} {Path}";
        public bool IsProtected => Node["security"] is JsonArray { Count: > 0 };
        public bool HasBody => Node["requestBody"] is not null;
        public JsonNode? Response(int status) => Node["responses"]?[status.ToString()];
    }

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private static readonly (string Method, string Path)[] ContractRoutes =
    [
        ("POST", "/api/users"),
        ("POST", "/api/tools"),
        ("POST", "/api/comparisons"),
        ("POST", "/api/comparisons/{id}/seats"),
        ("PUT", "/api/comparisons/{id}/verdicts/{toolId}"),
        ("GET", "/api/comparisons/{id}/scorecard"),
        ("POST", "/api/comparisons/{id}/publications"),
        ("GET", "/api/scorecards"),
        ("GET", "/api/scorecards/{id}"),
        ("GET", "/api/comparisons/{id}/history"),
    ];

    private static readonly string[] PublicPaths =
        ["/api/scorecards", "/api/scorecards/{id}", "/api/scorecards/{id}/versions/{version}", "/api/scorecards/{id}/votes",
         "/api/scorecards/{id}/versions/{version}/verification", "/api/scorecards/{id}/versions/{version}/changes",
         "/api/scorecards/{id}/versions/{version}/tools.csv", "/api/scorecards/{id}/versions/{version}/verdicts.csv",
         "/api/scorecards/{id}/versions/{version}/evidence", "/.well-known/panel-keys", "/api/tools/{id}/record",
         "/api/reviewers/{id}/record"];

    private async Task<JsonNode> Document()
    {
        var result = await Api.Send(HttpMethod.Get, "/openapi/v1.json", null, null, 200);
        Assert.StartsWith("application/json", result.Context.Response.ContentType);
        return JsonNode.Parse(await result.ReadAsTextAsync())!;
    }

    private static List<Operation> Operations(JsonNode document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => Methods.Contains(op.Key))
                .Select(op => new Operation(op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject())))
            .ToList();

    private static Operation Find(List<Operation> operations, string method, string path) =>
        operations.SingleOrDefault(o => o.Method == method && o.Path == path)
        ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in the document.");

    /// <summary>Follows a local <c>$ref</c> to the component it names.</summary>
    private static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        while (schema["$ref"] is { } reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            schema = document["components"]!["schemas"]![name]!;
        }
        return schema;
    }

    private static JsonNode BodySchema(JsonNode document, Operation operation)
    {
        var schema = operation.Node["requestBody"]?["content"]?["application/json"]?["schema"];
        Assert.True(schema is not null, $"{operation} has no application/json request schema.");
        return Resolve(document, schema);
    }

    private static IEnumerable<string> Names(JsonNode? node) =>
        node switch
        {
            JsonObject o => o.Select(x => x.Key),
            JsonArray a => a.Select(x => (string)x!),
            _ => []
        };

    private static bool HasProblem(JsonNode? response) => response?["content"]?["application/problem+json"]?["schema"] is not null;

    [Fact]
    public async Task the_document_is_public_and_describes_panel()
    {
        var document = await Document();

        Assert.StartsWith("3.", (string)document["openapi"]!);
        Assert.Equal("Panel", (string)document["info"]!["title"]!);
        Assert.NotEmpty(Operations(document));
    }

    [Fact]
    public async Task every_route_of_the_contract_is_documented()
    {
        var operations = Operations(await Document());

        var missing = ContractRoutes.Where(r => !operations.Any(o => o.Method == r.Method && o.Path == r.Path));

        Assert.Empty(missing);
    }

    [Fact]
    public async Task every_api_route_the_service_maps_is_documented()
    {
        var operations = Operations(await Document());
        var mapped = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToList();

        Assert.NotEmpty(mapped);
        Assert.Empty(mapped.Except(operations.Select(o => o.ToString())));
    }

    [Fact]
    public async Task the_bearer_scheme_is_declared()
    {
        var scheme = (await Document())["components"]!["securitySchemes"]!["Bearer"]!;

        Assert.Equal("http", (string)scheme["type"]!);
        Assert.Equal("bearer", ((string)scheme["scheme"]!).ToLowerInvariant());
    }

    [Fact]
    public async Task every_protected_operation_requires_the_bearer_scheme()
    {
        var operations = Operations(await Document()).Where(o => !PublicPaths.Contains(o.Path)).ToList();

        var offenders = operations.Where(o =>
            !(o.Node["security"] as JsonArray ?? []).Any(requirement => requirement!.AsObject().ContainsKey("Bearer")));

        Assert.NotEmpty(operations);
        Assert.Empty(offenders);
    }

    [Fact]
    public async Task published_scorecards_are_documented_as_needing_no_credential()
    {
        var operations = Operations(await Document());

        var scorecards = operations.Where(o => PublicPaths.Contains(o.Path)).ToList();

        Assert.Equal(PublicPaths.Length, scorecards.Count);
        Assert.All(scorecards, o => Assert.False(o.IsProtected, $"{o} asks for a credential."));
    }

    [Fact]
    public async Task protected_operations_document_401_and_403_problems()
    {
        var operations = Operations(await Document()).Where(o => o.IsProtected).ToList();

        var offenders = operations.Where(o => !HasProblem(o.Response(401)) || !HasProblem(o.Response(403)));

        Assert.NotEmpty(operations);
        Assert.Empty(offenders);
    }

    [Fact]
    public async Task operations_with_a_body_document_a_400_problem_and_a_json_schema()
    {
        var document = await Document();
        var operations = Operations(document).Where(o => o.HasBody).ToList();

        var offenders = operations.Where(o => !HasProblem(o.Response(400)));
        Assert.Empty(offenders);
        Assert.All(operations, o => Assert.NotEmpty(Names(BodySchema(document, o)["properties"])));
        // Every contract write with a body is among them.
        Assert.Superset(
            ContractRoutes.Where(r => r.Method is "POST" or "PUT").Select(r => $"{r.Method} {r.Path}").ToHashSet(),
            operations.Select(o => o.ToString()).ToHashSet());
    }

    [Theory]
    [InlineData("POST", "/api/users", "email,name,role", "name,role")]
    [InlineData("POST", "/api/tools", "name,vendor,category,tagline,description,entryTier,pricingRead", "name,vendor,category,tagline,description,entryTier,pricingRead")]
    [InlineData("PUT", "/api/tools/{id}/pricing", "entryTier,pricingRead", "entryTier,pricingRead")]
    [InlineData("POST", "/api/comparisons", "title,toolIds", "title,toolIds")]
    [InlineData("POST", "/api/comparisons/{id}/seats", "reviewerId,angle", "reviewerId,angle")]
    [InlineData("PUT", "/api/comparisons/{id}/verdicts/{toolId}", "decision,quote,note,reason", "decision,quote")]
    [InlineData("POST", "/api/comparisons/{id}/publications", "note", "")]
    public async Task a_request_schema_lists_exactly_the_contract_fields_and_which_are_required(string method, string path, string fields, string required)
    {
        var document = await Document();

        var schema = BodySchema(document, Find(Operations(document), method, path));

        Assert.Equal(fields.Split(',').Order(), Names(schema["properties"]).Order());
        Assert.Equal(required.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), Names(schema["required"]).Order());
        // The service refuses fields it does not know; the schema says so.
        Assert.False((bool?)schema["additionalProperties"] ?? true);
    }

    [Theory]
    [InlineData("EntryTier", "Free,Freemium,Paid,Enterprise")]
    [InlineData("Decision", "Ship,Skip")]
    [InlineData("Role", "Reviewer,Editor,Admin")]
    public async Task enums_are_documented_as_their_names(string name, string values)
    {
        var schema = (await Document())["components"]!["schemas"]![name]!;

        Assert.Equal("string", (string)schema["type"]!);
        Assert.Equal(values.Split(','), schema["enum"]!.AsArray().Select(x => (string)x!));
    }

    [Theory]
    [InlineData("POST", "/api/users", "id,token")]
    [InlineData("POST", "/api/tools", "id")]
    [InlineData("POST", "/api/comparisons", "id")]
    [InlineData("POST", "/api/comparisons/{id}/publications", "version")]
    public async Task creating_operations_document_their_201_answer(string method, string path, string fields)
    {
        var document = await Document();

        var created = Find(Operations(document), method, path).Response(201)?["content"]?["application/json"]?["schema"];

        Assert.NotNull(created);
        Assert.Superset(fields.Split(',').ToHashSet(), Names(Resolve(document, created)["properties"]).ToHashSet());
        // A creating operation never answers a plain 200.
        Assert.Null(Find(Operations(document), method, path).Response(200));
    }

    [Fact]
    public async Task operation_ids_are_present_and_unique()
    {
        var operations = Operations(await Document());

        var ids = operations.Select(o => (string?)o.Node["operationId"]).ToList();

        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task the_documented_security_is_what_the_service_enforces()
    {
        var operations = Operations(await Document()).Where(o => o.Path.StartsWith("/api/")).ToList();

        foreach (var operation in operations)
        {
            var url = operation.Path.Replace("{version}", "1")
                .Replace("{id}", Guid.NewGuid().ToString())
                .Replace("{toolId}", Guid.NewGuid().ToString())
                .Replace("{reviewerId}", Guid.NewGuid().ToString());
            var result = await Host.Scenario(s =>
            {
                var send = operation.Method switch { "GET" => s.Get, "PUT" => s.Put, "POST" => s.Post, _ => s.Delete };
                if (operation.HasBody) send.RawJson("{}").ToUrl(url);
                else send.Url(url);
                s.IgnoreStatusCode();
            });
            var status = result.Context.Response.StatusCode;
            if (operation.IsProtected) Assert.True(status == 401, $"{operation} is documented as protected but answered {status} anonymously.");
            else Assert.True(status is not (401 or 403), $"{operation} is documented as public but answered {status} anonymously.");
        }
    }

    [Fact]
    public async Task every_operation_has_a_human_summary()
    {
        var operations = Operations(await Document());

        var offenders = operations.Where(o => (string?)o.Node["summary"] is not { Length: > 0 } summary
            || Panel.Infrastructure.OpenApi.GeneratedName().IsMatch(summary) || summary.Contains("_api_")
            || summary == (string?)o.Node["operationId"]);

        Assert.NotEmpty(operations);
        Assert.Empty(offenders);
        Assert.Equal("Reprice a tool", (string)Find(operations, "PUT", "/api/tools/{id}/pricing").Node["summary"]!);
    }

    [Fact]
    public async Task every_operation_has_one_described_tag()
    {
        var document = await Document();
        var tags = document["tags"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string?)t!["description"]);

        var offenders = Operations(document).Where(o =>
            o.Node["tags"] is not JsonArray { Count: 1 } tag || !tags.TryGetValue((string)tag[0]!, out var about) || string.IsNullOrEmpty(about));

        Assert.Empty(offenders);
        Assert.DoesNotContain(tags.Keys, t => t.Contains('.'));
    }

    [Theory]
    [InlineData("POST", "/api/users", "People")]
    [InlineData("PUT", "/api/tools/{id}/pricing", "Tools")]
    [InlineData("POST", "/api/comparisons/{id}/seats", "Comparisons")]
    [InlineData("PUT", "/api/comparisons/{id}/verdicts/{toolId}", "Verdicts")]
    [InlineData("PUT", "/api/comparisons/{id}/verdicts/{toolId}/reviewers/{reviewerId}/quote", "Verdicts")]
    [InlineData("GET", "/api/scorecards/{id}", "Scorecards")]
    [InlineData("POST", "/api/scorecards/{id}/votes", "Community")]
    [InlineData("GET", "/.well-known/panel-keys", "Evidence")]
    [InlineData("POST", "/api/webhooks", "Webhooks")]
    public async Task operations_are_tagged_by_feature(string method, string path, string tag)
    {
        var operation = Find(Operations(await Document()), method, path);

        Assert.Equal([tag], operation.Node["tags"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task public_operations_say_so_explicitly_and_the_server_url_has_no_trailing_slash()
    {
        var document = await Document();

        var offenders = Operations(document).Where(o => o.Node["security"] is not JsonArray);

        Assert.Empty(offenders);
        Assert.All(Operations(document).Where(o => PublicPaths.Contains(o.Path)), o => Assert.Empty(o.Node["security"]!.AsArray()));
        Assert.All(document["servers"]?.AsArray() ?? [], server => Assert.False(((string)server!["url"]!).EndsWith('/')));
    }

    [Fact]
    public async Task every_error_answer_is_a_problem_with_a_named_shape()
    {
        var document = await Document();
        var errors = Operations(document)
            .SelectMany(o => o.Node["responses"]!.AsObject().Where(r => int.Parse(r.Key) >= 400).Select(r => (o, r.Key, Response: r.Value!)))
            .ToList();

        var offenders = errors.Where(e => Names(e.Response["content"]).SingleOrDefault() != "application/problem+json"
            || e.Response["content"]!["application/problem+json"]!["schema"]!["$ref"] is null);

        Assert.NotEmpty(errors);
        Assert.Empty(offenders.Select(e => $"{e.o} {e.Key}"));
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.False(schemas.ContainsKey("IResult"), "The IResult Wolverine infers is not an answer.");
        Assert.False(schemas.ContainsKey("ProblemDetails"), "The generated ProblemDetails forbids the members problems carry.");
    }

    [Theory]
    [InlineData("Problem", "traceId")]
    [InlineData("ValidationProblem", "errors")]
    [InlineData("StaleVersionProblem", "currentVersion")]
    [InlineData("IncompletePanelProblem", "missing")]
    [InlineData("OwedVerdictsProblem", "owedToolIds")]
    [InlineData("UnknownToolsProblem", "unknownToolIds")]
    public async Task problem_shapes_name_the_members_problems_carry(string shape, string member)
    {
        var document = await Document();

        Assert.Contains(member, Members(document, document["components"]!["schemas"]![shape]!));
    }

    [Theory]
    [InlineData("POST", "/api/comparisons/{id}/publications", 409, "IncompletePanelProblem")]
    [InlineData("GET", "/api/comparisons/{id}/scorecard", 403, "OwedVerdictsProblem")]
    [InlineData("POST", "/api/comparisons", 404, "UnknownToolsProblem")]
    [InlineData("PUT", "/api/comparisons/{id}/verdicts/{toolId}", 412, "StaleVersionProblem")]
    [InlineData("PUT", "/api/comparisons/{id}/verdicts/{toolId}", 400, "ValidationProblem")]
    public async Task an_operation_names_the_problem_shape_it_answers(string method, string path, int status, string shape)
    {
        var operation = Find(Operations(await Document()), method, path);

        Assert.Equal($"#/components/schemas/{shape}",
            (string?)operation.Response(status)?["content"]?["application/problem+json"]?["schema"]?["$ref"]);
    }

    [Fact]
    public async Task versioned_writes_take_if_match_and_answer_an_etag()
    {
        var operations = Operations(await Document()).Where(o => o.Response(412) is not null).ToList();

        Assert.Contains(operations, o => o.ToString() == "PUT /api/comparisons/{id}/verdicts/{toolId}");
        Assert.All(operations, o =>
        {
            Assert.Contains(o.Node["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-Match" && (string)p["in"]! == "header");
            var success = o.Node["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!;
            Assert.NotNull(success["headers"]?["ETag"]);
        });
    }

    [Theory]
    [InlineData("/api/comparisons/{id}")]
    [InlineData("/api/comparisons/{id}/scorecard")]
    [InlineData("/api/tools/{id}")]
    [InlineData("/api/scorecards/{id}")]
    [InlineData("/api/scorecards/{id}/versions/{version}")]
    public async Task conditional_reads_take_if_none_match_and_may_answer_304(string path)
    {
        var operation = Find(Operations(await Document()), "GET", path);

        Assert.Contains(operation.Node["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-None-Match");
        Assert.NotNull(operation.Response(304));
        Assert.NotNull(operation.Response(200)!["headers"]?["ETag"]);
    }

    [Fact]
    public async Task created_answers_say_where_and_waits_say_how_long()
    {
        var operations = Operations(await Document());

        Assert.All(operations.Where(o => o.Response(201) is not null), o => Assert.NotNull(o.Response(201)!["headers"]?["Location"]));
        Assert.All(operations.SelectMany(o => new[] { o.Response(429), o.Response(503) }).OfType<JsonNode>(),
            r => Assert.NotNull(r["headers"]?["Retry-After"]));
        Assert.NotNull(Find(operations, "POST", "/api/scorecards/{id}/votes").Response(429));
    }

    [Theory]
    [InlineData("PUT", "/api/comparisons/{id}/verdicts/{toolId}")]
    [InlineData("POST", "/api/comparisons")]
    [InlineData("POST", "/api/comparisons/{id}/seats")]
    public async Task write_bodies_have_an_example_with_the_required_fields(string method, string path)
    {
        var document = await Document();
        var operation = Find(Operations(document), method, path);

        var example = operation.Node["requestBody"]!["content"]!["application/json"]!["example"];

        Assert.NotNull(example);
        Assert.Superset(Names(BodySchema(document, operation)["required"]).ToHashSet(), Names(example).ToHashSet());
        Assert.Subset(Names(BodySchema(document, operation)["properties"]).ToHashSet(), Names(example).ToHashSet());
    }

    /// <summary>Real answers carry only members their declared shape names, and every member it requires.</summary>
    [Fact]
    public async Task problem_answers_match_the_shapes_the_document_declares()
    {
        var document = await Document();
        var operations = Operations(document);
        var panel = await Api.Panel();
        var editor = panel.Editor;
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship");

        var answers = new (string Method, string Path, IScenarioResult Result)[]
        {
            ("POST", "/api/comparisons/{id}/publications",
                await Api.Send(HttpMethod.Post, $"/api/comparisons/{panel.Id}/publications", editor.Token, new { note = (string?)null }, 409)),
            ("GET", "/api/comparisons/{id}/scorecard",
                await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/scorecard", panel.Reviewers[0].Token, null, 403)),
            ("POST", "/api/comparisons",
                await Api.Send(HttpMethod.Post, "/api/comparisons", editor.Token, new { title = "Unknown", toolIds = new[] { Guid.NewGuid(), Guid.NewGuid() } }, 404)),
            ("PUT", "/api/comparisons/{id}/verdicts/{toolId}",
                await Api.Send(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[1]}", panel.Reviewers[0].Token,
                    new { decision = "Ship", quote = "Stale." }, 412, ifMatch: "\"1\"")),
            ("PUT", "/api/comparisons/{id}/verdicts/{toolId}",
                await Api.Send(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[1]}", panel.Reviewers[0].Token,
                    new { quote = "" }, 400)),
            ("PUT", "/api/comparisons/{id}/verdicts/{toolId}",
                await Api.Send(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[1]}", null,
                    new { decision = "Ship", quote = "Anonymous." }, 401)),
        };

        foreach (var (method, path, result) in answers)
        {
            var status = result.Context.Response.StatusCode;
            Assert.StartsWith("application/problem+json", result.Context.Response.ContentType);
            var schema = Find(operations, method, path).Response(status)!["content"]!["application/problem+json"]!["schema"]!;
            var answer = JsonNode.Parse(await result.ReadAsTextAsync())!.AsObject();
            var members = Members(document, schema);

            Assert.Empty(answer.Select(m => m.Key).Except(members));
            Assert.Empty(Required(document, schema).Except(answer.Select(m => m.Key)));
            Assert.NotNull(answer["traceId"]);
        }
    }

    /// <summary>The properties a schema names, through its <c>$ref</c>s and <c>allOf</c>.</summary>
    private static HashSet<string> Members(JsonNode document, JsonNode schema)
    {
        schema = Resolve(document, schema);
        var members = Names(schema["properties"]).ToHashSet();
        foreach (var part in schema["allOf"]?.AsArray() ?? []) members.UnionWith(Members(document, part!));
        return members;
    }

    private static HashSet<string> Required(JsonNode document, JsonNode schema)
    {
        schema = Resolve(document, schema);
        var required = Names(schema["required"]).ToHashSet();
        foreach (var part in schema["allOf"]?.AsArray() ?? []) required.UnionWith(Required(document, part!));
        return required;
    }

    [Fact]
    public async Task the_api_reference_page_is_served()
    {
        var redirect = await Api.Send(HttpMethod.Get, "/scalar", null, null, 302);
        Assert.Equal("scalar/", redirect.Context.Response.Headers.Location.ToString());

        var page = await Api.Send(HttpMethod.Get, "/scalar/", null, null, 200);

        Assert.StartsWith("text/html", page.Context.Response.ContentType);
        var html = await page.ReadAsTextAsync();
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("openapi/v1.json", html);
    }
}
