namespace Panel.Infrastructure;

/// <summary>The answer to a POST that started a stream: the new id (its address is in Location).</summary>
public sealed record Created(Guid Id);
