using System.Security.Cryptography;
using System.Text;

namespace Panel.People;

/// <summary>
/// Bearer tokens and API keys: 256 random bits, shown once. Only their SHA-256 is stored: a token has far too much
/// entropy for a fast hash to be guessed back, so a slow password hash would only cost every request.
/// </summary>
public static class Tokens
{
    public static string New() => "pnl_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A personal API key: the same strength as a token, its own prefix so a leaked one is recognised as a key.</summary>
    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public const string KeyPrefix = "pnk_";

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool SameSecret(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
