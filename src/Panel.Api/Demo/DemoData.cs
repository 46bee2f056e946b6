using JasperFx.Events;
using Marten.Exceptions;
using Marten.Schema;
using Panel.Comparisons;
using Panel.Evidence;
using Panel.Scorecards;
using Panel.Tools;

namespace Panel.Demo;

/// <summary>
/// The seed page's comparison, told as events: two tools, four seated reviewers, eight verdicts, the
/// editor's verdict, one publication. Loaded when <c>Panel:Demo</c> is true; a comparison that already exists is left alone,
/// so restarts never duplicate it.
/// </summary>
public sealed class DemoData(TimeProvider clock, Signer signer, ILogger<DemoData> logger) : IInitialData
{
    public static readonly Guid ComparisonId = new("5eed0000-0000-4000-8000-000000000001");
    public static readonly Guid EditorId = new("5eed0000-0000-4000-8000-0000000000e1");
    public static readonly Guid GemmaId = new("5eed0000-0000-4000-8000-0000000000a1");
    public static readonly Guid MlInternId = new("5eed0000-0000-4000-8000-0000000000a2");

    /// <summary>The editor's verdict: agrees with the figures, so it recommends no tool of its own.</summary>
    public const string BottomLine =
        "Ship with Gemma if you want a model you own and can run anywhere; treat ml-intern as a promising experiment, not yet a colleague.";

    private sealed record Reviewer(Guid Id, string Name, string Angle, Decision OnGemma, string GemmaQuote, Decision OnMlIntern, string MlInternQuote);

    // The quotes are ours; the figures are the seed page's: Gemma 4 of 4 ship, ml-intern 2 of 4.
    private static readonly Reviewer[] Reviewers =
    [
        new(new("5eed0000-0000-4000-8000-0000000000b1"), "Ada Park", "developer experience",
            Decision.Ship, "Weights you download and own: it loads in vLLM and llama.cpp without special flags, and the licence asks nothing of you.",
            Decision.Ship, "An agent that reads the paper, writes the training loop and pushes the model is the demo I have wanted for years."),
        new(new("5eed0000-0000-4000-8000-0000000000b2"), "Bruno Ekwueme", "skeptic",
            Decision.Ship, "Strong for its size, but watch long contexts and vision; the real risk is Google losing interest in the line.",
            Decision.Skip, "Hundreds of model calls per task, and nothing here checks data quality or eval validity. A research demo, not a colleague."),
        new(new("5eed0000-0000-4000-8000-0000000000b3"), "Chiara Lindqvist", "strategist",
            Decision.Ship, "Regulated teams that cannot send data to an API now have a capable model they can run in their own racks.",
            Decision.Ship, "Proof that the train-evaluate-upload loop can be handed to an agent; small labs will feel this first."),
        new(new("5eed0000-0000-4000-8000-0000000000b4"), "Dev Malhotra", "buyer",
            Decision.Ship, "Budget comes from infrastructure, not experiments, and self-hosting keeps the compliance conversation short.",
            Decision.Skip, "Cloning a repo and wiring API keys is still too much for the people who would pay for this outcome.")
    ];

    public async Task Populate(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(ComparisonId, ct) is not null)
        {
            // Loaded before; publish it only if a start stopped between the two steps below.
            if ((await session.LoadAsync<Comparison>(ComparisonId, ct))?.PublishedVersion == 0) await PublishAsync(store, clock.GetUtcNow(), ct);
            return;
        }

        var at = clock.GetUtcNow();
        var tools = new[]
        {
            await ToolAsync(session, new ToolRegistered(GemmaId, "Gemma 3 27B Open Weights", "Google DeepMind", "Developer Tools",
                "Google's 27B open-weight model: run it, fine-tune it, own it",
                "A 27-billion-parameter model whose full weights are published under an open licence: download it, fine-tune it and serve it on your own hardware, with quantised builds for consumer GPUs and support in the common inference servers.",
                EntryTier.Free, "Free to download and self-host; you pay only for your own compute.", EditorId, at), ct),
            await ToolAsync(session, new ToolRegistered(MlInternId, "ml-intern", "Hugging Face", "Developer Tools",
                "Hugging Face's open-source agent that reads papers, trains models, ships them",
                "An open-source agent that takes a task, reads the relevant papers, writes and runs training code in a sandbox, evaluates the result and uploads the model to the Hub, looping until it works or runs out of iterations.",
                EntryTier.Paid, "The code is open source; every run pays for the model calls behind its agent loop.", EditorId, at), ct)
        };

        if (await session.LoadAsync<User>(EditorId, ct) is null)
            session.Events.StartStream<User>(EditorId, new UserRegistered(EditorId, "Demo editor", Role.Editor, Tokens.Hash(Tokens.New()), ConfiguredAdmin.Id, at));
        foreach (var r in Reviewers)
        {
            if (await session.LoadAsync<User>(r.Id, ct) is null)
                session.Events.StartStream<User>(r.Id, new UserRegistered(r.Id, r.Name, Role.Reviewer, Tokens.Hash(Tokens.New()), ConfiguredAdmin.Id, at));
        }

        var events = new List<object>
        {
            new ComparisonOpened(ComparisonId, "Gemma 3 27B Open Weights vs ml-intern", tools, EditorId, at)
        };
        events.AddRange(Reviewers.Select(r => new ReviewerSeated(ComparisonId, r.Id, r.Name, r.Angle, EditorId, at)));
        foreach (var r in Reviewers)
        {
            events.Add(new VerdictSubmitted(ComparisonId, tools[0].ToolId, r.Id, r.OnGemma, r.GemmaQuote, null, at));
            events.Add(new VerdictSubmitted(ComparisonId, tools[1].ToolId, r.Id, r.OnMlIntern, r.MlInternQuote, null, at));
        }

        events.Add(new EditorsVerdictWritten(ComparisonId, BottomLine, null, EditorId, at));

        session.Events.StartStream<Comparison>(ComparisonId, events.ToArray());
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            // Another instance loaded it at the same moment: that is the idempotent outcome too.
            return;
        }

        await PublishAsync(store, at, ct);
        logger.LogInformation("Loaded the demo comparison {ComparisonId}", ComparisonId);
    }

    /// <summary>Published as an editor would, through the use case's own entry point (its decision, its seal).</summary>
    private async Task PublishAsync(IDocumentStore store, DateTimeOffset at, CancellationToken ct)
    {
        var written = await Panel.Comparisons.Publishing.PublishingEndpoint.PublishAsync(store, ComparisonId, new Panel.Comparisons.Publishing.Publish(),
            null, EditorId, at, signer, ct);
        if (written.Problem is { } problem) throw new InvalidOperationException($"The demo comparison could not be published: {problem.Title} {problem.Detail}");
    }

    /// <summary>Reuses a tool of the same name if someone registered it already.</summary>
    private static async Task<ComparedTool> ToolAsync(IDocumentSession session, ToolRegistered registered, CancellationToken ct)
    {
        var key = Tool.KeyOf(registered.Name);
        var tool = await session.Query<Tool>().FirstOrDefaultAsync(x => x.NameKey == key, ct);
        if (tool is null)
        {
            session.Events.StartStream<Tool>(registered.ToolId, registered);
            tool = Tool.Create(registered);
        }
        return new ComparedTool(tool.Id, tool.Name, tool.Vendor, tool.Category, tool.Tagline, tool.Description,
            tool.EntryTier, tool.PricingRead, tool.PricedAt);
    }
}
