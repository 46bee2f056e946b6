using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Panel.Community;
using Panel.Infrastructure;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>
/// The Idempotency-Key is staged by the session itself: a write path written without a thought for
/// idempotency (here, one no endpoint has) still commits the key with its change, and only with it.
/// </summary>
[Collection(ServiceProcesses.Name)]
public class IdempotencyStagingTests
{
    /// <summary>One keyed POST through the real middleware, to a route that exists only in this test.</summary>
    private static async Task<(int Status, string Body)> Send(IServiceProvider services, string key, Func<HttpContext, Task> write)
    {
        await using var scope = services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/api/scribbles";
        http.Request.Headers[Idempotency.Header] = key;
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        http.Response.Body = new MemoryStream();
        http.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/scribbles"), 0, null, "scribbles"));
        await Idempotency.Apply(http, () => write(http));
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, await new StreamReader(http.Response.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task a_new_write_path_keeps_the_key_with_its_change_without_calling_anything()
    {
        var database = await TestDatabases.CreateAsync("idempotency_staging");
        await using var host = await AppFixture.StartAsync(demo: false, new Dictionary<string, string> { ["ConnectionStrings:Marten"] = database });
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var key = Guid.NewGuid().ToString();
        var writes = 0;

        async Task Write(HttpContext http)
        {
            writes++;
            // Housekeeping first (a key the service keeps for itself): not the change the key stands for.
            await using (var housekeeping = store.LightweightSession())
            {
                housekeeping.Store(new VoterKey("staging-test-" + Guid.NewGuid(), "<key/>"));
                await housekeeping.SaveChangesAsync();
            }
            await using var session = store.LightweightSession();
            session.Insert(new IdempotencyScribble(Guid.NewGuid(), "written"));
            await session.SaveChangesAsync();
            http.Response.StatusCode = 201;
            await http.Response.WriteAsync("""{"written":true}""");
        }

        var first = await Send(host.Services, key, Write);
        var records = await store.IdempotencyRecords();
        var again = await Send(host.Services, key, Write);

        Assert.Equal((201, """{"written":true}"""), first);
        var record = Assert.Single(records);
        Assert.True(record.WithChange, "the key did not commit in the change's own transaction");
        Assert.Equal(first, again);
        Assert.Equal(1, writes);
        await using var query = store.QuerySession();
        Assert.Single(await query.Query<IdempotencyScribble>().ToListAsync());
    }

    [Fact]
    public async Task a_change_rolled_back_leaves_no_key_behind_and_the_retry_makes_it()
    {
        var database = await TestDatabases.CreateAsync("idempotency_rollback");
        await using var host = await AppFixture.StartAsync(demo: false, new Dictionary<string, string> { ["ConnectionStrings:Marten"] = database });
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var key = Guid.NewGuid().ToString();
        var existing = new IdempotencyScribble(Guid.NewGuid(), "first");
        await using (var setup = store.LightweightSession())
        {
            setup.Insert(existing);
            await setup.SaveChangesAsync();
        }

        // The first attempt's change fails (a duplicate id): nothing of it, key included, may remain.
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => Send(host.Services, key, async http =>
        {
            await using var session = store.LightweightSession();
            session.Insert(existing with { Text = "again" });
            await session.SaveChangesAsync();
        }));
        Assert.Empty(await store.IdempotencyRecords());

        var retried = await Send(host.Services, key, async http =>
        {
            await using var session = store.LightweightSession();
            session.Insert(new IdempotencyScribble(Guid.NewGuid(), "second"));
            await session.SaveChangesAsync();
            http.Response.StatusCode = 201;
        });

        Assert.NotNull(failed);
        Assert.Equal(201, retried.Status);
        Assert.True(Assert.Single(await store.IdempotencyRecords()).WithChange);
    }
}

/// <summary>A document only this test writes: the change of a write path no endpoint has.</summary>
public sealed record IdempotencyScribble(Guid Id, string Text);
