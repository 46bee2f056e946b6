using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Panel.Evidence;

/// <summary>Configuration section <c>Panel:Signing</c>.</summary>
public sealed class SigningOptions
{
    /// <summary>A PEM file holding the current ECDSA P-256 private key.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The same key as PEM text (environment <c>Panel__Signing__KeyPem</c>), when a file is not practical.</summary>
    public string? KeyPem { get; set; }

    /// <summary>PEM files of keys that signed earlier publications (public or private; only the public half is used).</summary>
    public string[] RetiredKeyPaths { get; set; } = [];

    /// <summary>Refuse to start without a signing key instead of publishing unsigned.</summary>
    public bool Required { get; set; }
}

/// <summary>One public key: its RFC 7638 thumbprint is its id.</summary>
public sealed record SigningKey(string KeyId, string X, string Y, bool Current)
{
    public JsonObject Jwk() => new()
    {
        ["kty"] = "EC",
        ["crv"] = "P-256",
        ["x"] = X,
        ["y"] = Y,
        ["kid"] = KeyId,
        ["use"] = "sig",
        ["alg"] = "ES256",
        ["status"] = Current ? "current" : "retired"
    };
}

/// <summary>
/// Signs publication statements with the configured ECDSA P-256 key (ES256: SHA-256, signature r‖s,
/// base64url) and verifies them with the current or any retired key. The private key lives outside the
/// database, so someone who can rewrite the database cannot re-sign a rewritten record.
/// </summary>
public sealed class Signer : IDisposable
{
    private const string P256 = "1.2.840.10045.3.1.7";
    private readonly ECDsa? _current;
    private readonly Dictionary<string, ECDsa> _verifiers = new(StringComparer.Ordinal);

    public IReadOnlyList<SigningKey> Keys { get; }
    public string? CurrentKeyId { get; }

    public Signer(SigningOptions options)
    {
        var keys = new List<SigningKey>();
        var pem = !string.IsNullOrWhiteSpace(options.KeyPem) ? options.KeyPem
            : !string.IsNullOrWhiteSpace(options.KeyPath) ? Read(options.KeyPath, "Panel:Signing:KeyPath")
            : null;
        if (pem is not null)
        {
            _current = Load(pem, "the signing key");
            if (!HasPrivateKey(_current))
                throw new InvalidOperationException("Panel:Signing: the signing key PEM holds no private key.");
            var key = Describe(_current, current: true);
            CurrentKeyId = key.KeyId;
            _verifiers[key.KeyId] = _current;
            keys.Add(key);
        }
        foreach (var path in options.RetiredKeyPaths.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var retired = Load(Read(path, "Panel:Signing:RetiredKeyPaths"), path);
            var key = Describe(retired, current: false);
            if (_verifiers.TryAdd(key.KeyId, retired)) keys.Add(key);
        }
        if (pem is null && options.Required)
            throw new InvalidOperationException(
                "Panel:Signing:Required is true but no key is configured: set Panel:Signing:KeyPath or Panel__Signing__KeyPem.");
        Keys = keys;
    }

    public bool CanSign => _current is not null;

    /// <summary>The key id and the base64url ES256 signature over these bytes; null without a key.</summary>
    public (string KeyId, string Signature)? Sign(byte[] statement) =>
        _current is null ? null
            : (CurrentKeyId!, Base64Url(_current.SignData(statement, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));

    /// <summary>True or false for a known key; null when no current or retired key has this id.</summary>
    public bool? Verify(string keyId, byte[] statement, string signature)
    {
        if (!_verifiers.TryGetValue(keyId, out var key)) return null;
        byte[] bytes;
        try { bytes = FromBase64Url(signature); }
        catch (FormatException) { return false; }
        return bytes.Length == 64 && key.VerifyData(statement, bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public JsonObject Jwks() => new() { ["keys"] = new JsonArray(Keys.Select(k => (JsonNode)k.Jwk()).ToArray()) };

    private static string Read(string path, string setting)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{setting}: no file at {path}.");
        return File.ReadAllText(path);
    }

    private static ECDsa Load(string pem, string what)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"Panel:Signing: {what} is not an EC key in PEM form ({e.Message}).");
        }
        if (key.ExportParameters(false).Curve.Oid.Value != P256)
        {
            key.Dispose();
            throw new InvalidOperationException($"Panel:Signing: {what} is not on curve P-256.");
        }
        return key;
    }

    private static bool HasPrivateKey(ECDsa key)
    {
        try { return key.ExportParameters(true).D is { Length: > 0 }; }
        catch (CryptographicException) { return false; }
    }

    private static SigningKey Describe(ECDsa key, bool current)
    {
        var p = key.ExportParameters(false);
        var x = Base64Url(p.Q.X!);
        var y = Base64Url(p.Q.Y!);
        return new SigningKey(Thumbprint(x, y), x, y, current);
    }

    /// <summary>RFC 7638: base64url(sha256(JCS of the required members)).</summary>
    public static string Thumbprint(string x, string y) =>
        Base64Url(SHA256.HashData(CanonicalJson.Bytes(new JsonObject { ["crv"] = "P-256", ["kty"] = "EC", ["x"] = x, ["y"] = y })));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    public void Dispose()
    {
        foreach (var key in _verifiers.Values.Distinct()) key.Dispose();
    }
}
