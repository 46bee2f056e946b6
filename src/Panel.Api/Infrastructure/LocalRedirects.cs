using System.Globalization;
using System.Text;

namespace Panel.Infrastructure;

/// <summary>
/// Redirect targets on this site, as a <c>Location</c> header can carry them. A header value is ASCII: a
/// target with "é" in it made the server refuse the header and answer 500, so a crafted sign-in link broke
/// every sign-in through it. Printable non-ASCII characters are percent-encoded (as UTF-8); anything that
/// could be read two ways (spaces, controls, invisible or bidi characters, separators, backslashes,
/// broken escapes, another host) is not a local path at all.
/// </summary>
public static class LocalRedirects
{
    /// <summary>The target as a well-formed, ASCII-only path on this site; null when it is not one.</summary>
    public static string? Local(string? target)
    {
        // "//host" and "/\host" are other hosts to a browser; only "/" followed by something else is local.
        if (target is not { Length: > 0 } || target[0] != '/') return null;
        if (target.Length > 1 && target[1] is '/' or '\\') return null;

        var local = new StringBuilder(target.Length + 16);
        var fragment = false;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < target.Length;)
        {
            if (Rune.DecodeFromUtf16(target.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                return null;
            i += used;
            if (rune.IsAscii)
            {
                var c = (char)rune.Value;
                if (c == '%')
                {
                    if (i + 2 > target.Length || !char.IsAsciiHexDigit(target[i]) || !char.IsAsciiHexDigit(target[i + 1]))
                        return null;
                }
                else if (c == '#')
                {
                    if (fragment) return null;
                    fragment = true;
                }
                else if (!IsUriCharacter(c)) return null;
                local.Append(c);
                continue;
            }
            if (!IsPrintable(rune)) return null;
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length]) local.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return local.ToString();
    }

    /// <summary>RFC 3986's unreserved and reserved characters that may stand unescaped in a path, query or fragment.</summary>
    private static bool IsUriCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+'
            or ',' or ';' or '=' or ':' or '@' or '/' or '?';

    /// <summary>Letters, marks, digits, punctuation and symbols; never a space, control, format (bidi, zero-width), separator or unassigned character.</summary>
    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true
    };
}
