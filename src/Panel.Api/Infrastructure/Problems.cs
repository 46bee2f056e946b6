namespace Panel.Infrastructure;

/// <summary>
/// Every problem answer Panel gives, each with a stable <c>type</c> a client can switch on (RFC 9457).
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://panel.dev/problems/";

    public static ProblemDetails Validation(IDictionary<string, string[]> errors) =>
        new ValidationProblemDetails(errors)
        {
            Type = TypeBase + "validation",
            Title = "The request is not valid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = "See errors for what to correct."
        };

    public static ProblemDetails Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemDetails NotFound(string what, object id) => new()
    {
        Type = TypeBase + "not-found",
        Title = $"Unknown {what}.",
        Status = StatusCodes.Status404NotFound,
        Detail = $"There is no {what} with id {id}."
    };

    public static ProblemDetails Forbidden(string detail) => new()
    {
        Type = TypeBase + "forbidden",
        Title = "Not allowed.",
        Status = StatusCodes.Status403Forbidden,
        Detail = detail
    };

    public static ProblemDetails NotSeated() => Forbidden("You are not seated on this comparison's panel.");

    public static ProblemDetails Unauthorized(string detail) => new()
    {
        Type = TypeBase + "unauthorized",
        Title = "A valid credential is required.",
        Status = StatusCodes.Status401Unauthorized,
        Detail = detail
    };

    public static ProblemDetails Conflict(string kind, string title, string detail) => new()
    {
        Type = TypeBase + kind,
        Title = title,
        Status = StatusCodes.Status409Conflict,
        Detail = detail
    };

    public static ProblemDetails StaleVersion(long current) => new()
    {
        Type = TypeBase + "stale-version",
        Title = "The resource changed since you read it.",
        Status = StatusCodes.Status412PreconditionFailed,
        Detail = $"If-Match no longer matches; the current version is {current}. Read it again, then retry.",
        Extensions = { ["currentVersion"] = current }
    };

    public static ProblemDetails Busy() => Conflict("concurrent-writes", "Too many concurrent writes.",
        "Other changes kept landing first; retry the request.");

    public static ProblemDetails IdempotencyKeyInvalid(int maxLength) => new()
    {
        Type = TypeBase + "idempotency-key-invalid",
        Title = "The Idempotency-Key header is not valid.",
        Status = StatusCodes.Status400BadRequest,
        Detail = $"Send one Idempotency-Key of 1 to {maxLength} visible ASCII characters, such as a new UUID for each change."
    };

    public static ProblemDetails IdempotencyKeyReused() => new()
    {
        Type = TypeBase + "idempotency-key-reused",
        Title = "This Idempotency-Key was used for another request.",
        Status = StatusCodes.Status422UnprocessableEntity,
        Detail = "A retry must repeat the first request exactly (method, path, If-Match and body); use a new key for a new change."
    };

    public static ProblemDetails IdempotencyKeyInFlight() => new()
    {
        Type = TypeBase + "idempotency-key-in-flight",
        Title = "A request with this Idempotency-Key took effect, but its answer is not available yet.",
        Status = StatusCodes.Status409Conflict,
        Detail = "Retry the same request in a moment to get the first answer; nothing was changed by this one."
    };

    public static IResult ToResult(this ProblemDetails problem) =>
        Results.Problem(problem);
}
