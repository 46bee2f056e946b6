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
        TextIsValid(field, value, maxLength, required);
        return this;
    }

    private bool TextIsValid(string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, $"{field} is required.");
            return false;
        }
        if (value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
            return false;
        }
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            // PostgreSQL cannot store NUL in jsonb, and no reader wants the other control characters either.
            Add(field, $"{field} must not contain control characters.");
            return false;
        }
        if (value.Any(c => Names.IsBidiControl(c) || c == '\uFEFF'))
        {
            // They reorder (or hide) what is shown after them on every page the text appears on.
            Add(field, $"{field} must not contain bidi override or isolate characters (U+202A–U+202E, U+2066–U+2069) or U+FEFF.");
            return false;
        }
        return true;
    }

    /// <summary>
    /// A name or title: text as <see cref="Text"/> takes it, and nothing invisible (zero-width characters,
    /// direction marks, soft hyphens) and no line separator, which would make two names that look the
    /// same differ (or one name that looks like two). It is stored as <see cref="Names.Normalize"/> writes it.
    /// </summary>
    public FieldErrors Name(string field, string? value, int maxLength, bool required = true)
    {
        if (!TextIsValid(field, value, maxLength, required) || value is null) return this;
        if (value.Any(c => Names.IsInvisible(c)))
            Add(field, $"{field} must not contain invisible characters (zero-width spaces or joiners, direction marks, U+2060, U+FEFF, soft hyphens).");
        else if (value.Any(c => Names.IsLineSeparator(c)))
            Add(field, $"{field} must not contain line or paragraph separators (U+2028, U+2029).");
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
