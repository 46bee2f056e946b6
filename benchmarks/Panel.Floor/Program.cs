using Npgsql;

// The floor scripts/bench measures Panel against: the least a service can do for the same requests on
// the same database. A verdict PUT is one INSERT of its JSON body; a scorecard GET is one SELECT of the
// published document's JSON by id. No authentication, no events, no projections, no cache.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var connection = builder.Configuration.GetConnectionString("Marten")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Marten.");
await using var database = NpgsqlDataSource.Create(connection);
await using (var create = database.CreateCommand(
    "create table if not exists public.floor_verdicts (id bigserial primary key, comparison_id uuid not null, tool_id uuid not null, body jsonb not null, at timestamptz not null default now())"))
    await create.ExecuteNonQueryAsync();

var app = builder.Build();

app.MapPut("/api/comparisons/{id:guid}/verdicts/{toolId:guid}", async (Guid id, Guid toolId, HttpRequest request) =>
{
    using var reader = new StreamReader(request.Body);
    var body = await reader.ReadToEndAsync();
    await using var insert = database.CreateCommand("insert into public.floor_verdicts (comparison_id, tool_id, body) values ($1, $2, $3::jsonb)");
    insert.Parameters.Add(new NpgsqlParameter { Value = id });
    insert.Parameters.Add(new NpgsqlParameter { Value = toolId });
    insert.Parameters.Add(new NpgsqlParameter { Value = body });
    await insert.ExecuteNonQueryAsync();
    return Results.Text(body, "application/json");
});

app.MapGet("/api/scorecards/{id:guid}", async (Guid id) =>
{
    // Every benchmark comparison is published once: its latest version is version 1.
    await using var select = database.CreateCommand("select data::text from panel.mt_doc_publishedscorecard where id = $1");
    select.Parameters.Add(new NpgsqlParameter { Value = $"{id}/1" });
    return await select.ExecuteScalarAsync() is string json ? Results.Text(json, "application/json") : Results.NotFound();
});

app.MapGet("/health", () => "ok");

app.Run();
