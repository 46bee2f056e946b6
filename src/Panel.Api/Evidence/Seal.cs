namespace Panel.Evidence;

/// <summary>
/// How a publication was sealed (scheme panel-2): every link of the chain over the events it was computed
/// from as they stood then, the digest of its released content, the digest of its statement and the
/// signature over that statement (null when the service had no signing key).
/// </summary>
public sealed record Seal(string Scheme, IReadOnlyList<string> Links, string Release, string Digest, string? KeyId, string? Signature);
