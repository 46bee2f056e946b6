using System.Net.Mail;

namespace Panel.People;

/// <summary>
/// Email addresses as Panel keeps them: trimmed and lower-cased, so "Ada@Example.org " and "ada@example.org"
/// are one person. Only a bare address is accepted (no display name, no comments, no IP-literal domain).
/// </summary>
public static class EmailAddresses
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaxLength = 254;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Null when the address is well formed; otherwise what is wrong with it, in words.</summary>
    public static string? Problem(string field, string email)
    {
        var address = email.Trim();
        if (address.Length > MaxLength) return $"{field} must be at most {MaxLength} characters.";
        if (address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or '(' or ')' or '[' or ']' or ',' or ';' or '"' or '\\'))
            return $"{field} must be a plain address like name@example.org.";
        var at = address.LastIndexOf('@');
        if (at <= 0 || at != address.IndexOf('@') || at == address.Length - 1)
            return $"{field} must be a plain address like name@example.org.";
        var domain = address[(at + 1)..];
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains(".."))
            return $"{field} must name a domain, like name@example.org.";
        if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address || parsed.DisplayName != "")
            return $"{field} must be a plain address like name@example.org.";
        return null;
    }
}

public static class EmailFieldErrors
{
    /// <summary>An optional email field: absent is fine, present must be an address.</summary>
    public static FieldErrors Email(this FieldErrors errors, string field, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, $"{field} is required.");
            return errors;
        }
        return EmailAddresses.Problem(field, value) is { } problem ? errors.Add(field, problem) : errors;
    }
}
