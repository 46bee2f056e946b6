using Microsoft.Extensions.Options;

namespace Panel.Webhooks.Managing;

public sealed record RegisterWebhook(string? Url, string? Secret, IReadOnlyList<string>? Events);

/// <summary>A change: <c>url</c> and <c>events</c> replace what stands; <c>secret</c>, when sent, replaces the secret.</summary>
public sealed record ChangeWebhook(string? Url, IReadOnlyList<string>? Events, string? Secret = null);

/// <summary>A webhook as admins see it: never its secret.</summary>
public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, DateTimeOffset? ChangedAt)
{
    public static WebhookView Of(Webhook w) => new(w.Id, w.Url, w.Events, w.CreatedAt, w.ChangedAt);
}

public static class WebhookRules
{
    public const int MaxUrl = 2000, MinSecret = 16, MaxSecret = 256;

    public static FieldErrors Url(this FieldErrors errors, string? url)
    {
        errors.Text("url", url, MaxUrl);
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrl) return errors;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return errors.Add("url", "url must be an absolute http or https URL.");
        if (Addresses.Normalize(uri.Host) is null)
            errors.Add("url", "url's host must be a well-formed name or address, written with ASCII digits.");
        if (uri.UserInfo.Length > 0) errors.Add("url", "url must not carry a user name or password; the signature authenticates Panel.");
        if (uri.Fragment.Length > 0) errors.Add("url", "url must not have a fragment.");
        return errors;
    }

    public static FieldErrors Secret(this FieldErrors errors, string? secret, bool required)
    {
        errors.Text("secret", secret, MaxSecret, required);
        if (secret is not null && secret.Trim().Length is > 0 and < MinSecret)
            errors.Add("secret", $"secret must be at least {MinSecret} characters.");
        return errors;
    }

    public static FieldErrors Events(this FieldErrors errors, IReadOnlyList<string>? events)
    {
        if (events is null || events.Count == 0)
            return errors.Add("events", $"events must name at least one of: {string.Join(", ", NoticeTypes.All)}.");
        foreach (var unknown in events.Where(e => !NoticeTypes.All.Contains(e)).Distinct())
            errors.Add("events", $"'{unknown}' is not a notice type; known: {string.Join(", ", NoticeTypes.All)}.");
        if (events.Distinct().Count() != events.Count) errors.Add("events", "events must not repeat a notice type.");
        return errors;
    }

    /// <summary>The address check of server-side request forgery; also made again on every connection.</summary>
    public static async Task<ProblemDetails?> RefuseAddressAsync(string url, WebhookOptions options, CancellationToken ct) =>
        await Addresses.RefusalAsync(new Uri(url.Trim()), options.AllowPrivateNetworks, ct) is { } refusal
            ? Problems.Validation("url", refusal)
            : null;

    /// <summary>Notice types in their documented order, whatever order they were sent in.</summary>
    public static IReadOnlyList<string> Ordered(IReadOnlyList<string> events) => [.. NoticeTypes.All.Where(events.Contains)];
}

public static class RegisteringWebhookEndpoint
{
    public static ProblemDetails Validate(RegisterWebhook? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Url(command.Url).Secret(command.Secret, required: true).Events(command.Events).ToProblem();

    [WolverinePost("/api/webhooks", OperationId = "registerWebhook")]
    [EndpointSummary("Register a webhook")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<WebhookView>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(RegisterWebhook command, ClaimsPrincipal caller, IDocumentStore store, WebhookSender sender,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (await WebhookRules.RefuseAddressAsync(command.Url.Checked(), options.Value, ct) is { } refused) return refused.ToResult();
        var webhook = new Webhook(Guid.NewGuid(), command.Url.Checked().Trim(), sender.Protect(command.Secret.Checked().Trim()),
            WebhookRules.Ordered(command.Events.Checked()), caller.Id(), clock.GetUtcNow(), null);
        await using var session = store.LightweightSession();
        session.Insert(webhook);
        Idempotency.AnswerWith(StatusCodes.Status201Created, $"/api/webhooks/{webhook.Id}", WebhookView.Of(webhook));
        await session.SaveChangesAsync(ct);
        return Results.Created($"/api/webhooks/{webhook.Id}", WebhookView.Of(webhook));
    }
}

public static class ChangingWebhookEndpoint
{
    public static ProblemDetails Validate(ChangeWebhook? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Url(command.Url).Secret(command.Secret, required: false).Events(command.Events).ToProblem();

    [WolverinePut("/api/webhooks/{id}", OperationId = "changeWebhook")]
    [EndpointSummary("Change a webhook")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<WebhookView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Put(Guid id, ChangeWebhook command, IDocumentStore store, WebhookSender sender,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var webhook = await session.LoadAsync<Webhook>(id, ct);
        if (webhook is null) return Problems.NotFound("webhook", id).ToResult();
        if (await WebhookRules.RefuseAddressAsync(command.Url.Checked(), options.Value, ct) is { } refused) return refused.ToResult();

        var changed = webhook with
        {
            Url = command.Url.Checked().Trim(),
            Events = WebhookRules.Ordered(command.Events.Checked()),
            ProtectedSecret = string.IsNullOrWhiteSpace(command.Secret) ? webhook.ProtectedSecret : sender.Protect(command.Secret.Trim()),
            ChangedAt = clock.GetUtcNow()
        };
        session.Store(changed);
        await session.SaveChangesAsync(ct);
        return Results.Ok(WebhookView.Of(changed));
    }
}

public static class ReadingWebhooksEndpoint
{
    [WolverineGet("/api/webhooks", OperationId = "listWebhooks")]
    [EndpointSummary("List webhooks")]
    [Authorize(Roles = Roles.Admin)]
    public static async Task<IReadOnlyList<WebhookView>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Webhook>().OrderBy(x => x.CreatedAt).ToListAsync(ct)).Select(WebhookView.Of).ToList();

    [WolverineGet("/api/webhooks/{id}", OperationId = "getWebhook")]
    [EndpointSummary("Read a webhook")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<WebhookView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Webhook>(id, ct) is { } webhook
            ? Results.Ok(WebhookView.Of(webhook))
            : Problems.NotFound("webhook", id).ToResult();
}

public static class DeletingWebhookEndpoint
{
    /// <summary>Its deliveries go with it; any still scheduled find nothing to send.</summary>
    [WolverineDelete("/api/webhooks/{id}", OperationId = "deleteWebhook")]
    [EndpointSummary("Delete a webhook")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Delete(Guid id, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Webhook>(id, ct) is null) return Problems.NotFound("webhook", id).ToResult();
        session.Delete<Webhook>(id);
        session.DeleteWhere<WebhookDelivery>(x => x.WebhookId == id);
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }
}
