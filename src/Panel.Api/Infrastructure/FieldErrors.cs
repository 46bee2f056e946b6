namespace Panel.Infrastructure;

/// <summary>Collects field errors for a request's shape; answers 400 with all of them at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public FieldErrors Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, $"{field} is required.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }
        else if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            // PostgreSQL cannot store NUL in jsonb, and no reader wants the other control characters either.
            Add(field, $"{field} must not contain control characters.");
        }
        return this;
    }

    public FieldErrors Required<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, $"{field} is required.");
        return this;
    }

    public FieldErrors Id(string field, Guid? value)
    {
        if (value is null || value == Guid.Empty) Add(field, $"{field} is required.");
        return this;
    }

    public bool IsEmpty => _errors.Count == 0;

    public ProblemDetails ToProblem() => IsEmpty
        ? WolverineContinue.NoProblems
        : Problems.Validation(_errors.ToDictionary(x => x.Key, x => x.Value.ToArray()));

    /// <summary>A JSON body of <c>null</c> reaches the endpoint as a null command.</summary>
    public static ProblemDetails MissingBody() => Problems.Validation("body", "A JSON object body is required.");
}

/// <summary>
/// Reads a field that the slice's Validate requires, so a decision takes it non-null. Meeting null here
/// means Validate did not run: a fault in Panel, never the client's, hence an exception and not a problem.
/// </summary>
public static class Validated
{
    public static T Checked<T>(this T? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string field = "")
        where T : struct =>
        value ?? throw new InvalidOperationException($"{field} reached a decision empty; Validate requires it.");

    public static T Checked<T>(this T? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string field = "")
        where T : class =>
        value ?? throw new InvalidOperationException($"{field} reached a decision empty; Validate requires it.");
}
