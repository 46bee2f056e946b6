using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Panel.Infrastructure;

/// <summary>
/// Encrypts the Data Protection keys (they sign voter cookies, sessions and protect stored secrets) before
/// they are stored in PostgreSQL, with AES-256-GCM under <c>Panel:KeyEncryptionKey</c>, a key that lives
/// outside the database: a copy of the database alone cannot forge a cookie or read a protected secret.
/// </summary>
public sealed class KeyEncryptor(byte[] key) : IXmlEncryptor
{
    private const int NonceSize = 12, TagSize = 16;
    public static readonly XName Element = "panelEncryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return new EncryptedXmlInfo(new XElement(Element, new XAttribute("alg", "A256GCM"), Convert.ToBase64String(sealedBytes)),
            typeof(KeyDecryptor));
    }

    /// <summary>The configured key: base64 of 32 bytes, or null when none is configured.</summary>
    public static byte[]? Read(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return null;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(configured.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Panel:KeyEncryptionKey must be base64 of 32 random bytes (openssl rand -base64 32).");
        }
        return key.Length == 32
            ? key
            : throw new InvalidOperationException($"Panel:KeyEncryptionKey must be 32 bytes; it is {key.Length}.");
    }
}

/// <summary>Data Protection creates this by type when it reads an encrypted key back.</summary>
public sealed class KeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = KeyEncryptor.Read(services.GetRequiredService<IOptions<PanelOptions>>().Value.KeyEncryptionKey)
                  ?? throw new InvalidOperationException(
                      "A stored Data Protection key is encrypted, but Panel:KeyEncryptionKey is not set: set the key it was made with.");
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        var plaintext = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plaintext);
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}
