using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Panel.Evidence;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785): the one byte form of a JSON value that every hash and
/// signature in Panel covers. Objects' members sorted by their names' UTF-16 code units, no whitespace,
/// strings escaped only where JSON requires it, numbers as ECMAScript prints them.
/// Works on <see cref="JsonNode"/> built explicitly, never on a serializer's output, so no serializer
/// setting can change a digest.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(JsonNode? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    public static byte[] Bytes(JsonNode? value) => Encoding.UTF8.GetBytes(Serialize(value));

    /// <summary>Lower-case hex SHA-256 of the canonical bytes.</summary>
    public static string Sha256(JsonNode? value) => Convert.ToHexStringLower(SHA256.HashData(Bytes(value)));

    private static void Write(StringBuilder text, JsonNode? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject o:
                text.Append('{');
                var first = true;
                foreach (var (name, member) in o.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    WriteString(text, name);
                    text.Append(':');
                    Write(text, member);
                }
                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Write(text, a[i]);
                }
                text.Append(']');
                break;
            default:
                WriteValue(text, value.AsValue());
                break;
        }
    }

    private static void WriteValue(StringBuilder text, JsonValue value)
    {
        if (value.TryGetValue<string>(out var raw))
        {
            WriteString(text, raw);
            return;
        }
        // Read back through JSON so a value of any other CLR type lands as the JSON it stands for.
        using var parsed = JsonDocument.Parse(value.ToJsonString());
        var element = parsed.RootElement;
        switch (element.ValueKind)
        {
            case JsonValueKind.String: WriteString(text, element.GetString()!); break;
            case JsonValueKind.Number: text.Append(Number(element.GetDouble())); break;
            case JsonValueKind.True: text.Append("true"); break;
            case JsonValueKind.False: text.Append("false"); break;
            case JsonValueKind.Null: text.Append("null"); break;
            default: throw new ArgumentException($"Not a JSON primitive: {element.ValueKind}");
        }
    }

    /// <summary>RFC 8785 §3.2.2.2: only <c>"</c>, <c>\</c> and control characters are escaped; the rest is UTF-8 as is.</summary>
    private static void WriteString(StringBuilder text, string s)
    {
        text.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) text.Append(c).Append(s[++i]);
                    else if (char.IsSurrogate(c)) throw new ArgumentException("A lone surrogate has no UTF-8 form (RFC 8785 §3.2.2.2).");
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    /// <summary>
    /// RFC 8785 §3.2.2.3: ECMAScript's Number.prototype.toString. .NET gives the shortest round-trip digits;
    /// only where the decimal point and exponent go differs.
    /// </summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) throw new ArgumentException("NaN and infinities are not JSON.");
        if (value == 0) return "0";
        var negative = value < 0;
        // The shortest round-trip form, e.g. "1.5E-07" or "123.25": its digits and where the point goes.
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        var mantissa = e >= 0 ? r[..e] : r;
        var shift = e >= 0 ? int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture) : 0;
        var point = mantissa.IndexOf('.');
        var intPart = point >= 0 ? mantissa[..point] : mantissa;
        var fracPart = point >= 0 ? mantissa[(point + 1)..] : "";
        var all = intPart + fracPart;
        var digits = all.TrimStart('0');
        var leadingZeros = all.Length - digits.Length;
        // n: the position of the decimal point relative to the digits (value = 0.digits × 10^n).
        var n = intPart.Length + shift - leadingZeros;
        digits = digits.TrimEnd('0');
        var k = digits.Length;

        string result;
        if (k <= n && n <= 21) result = digits + new string('0', n - k);
        else if (0 < n && n <= 21) result = digits[..n] + "." + digits[n..];
        else if (-6 < n && n <= 0) result = "0." + new string('0', -n) + digits;
        else
        {
            var exponent = n - 1;
            var sign = exponent < 0 ? "-" : "+";
            result = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + sign + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + result : result;
    }
}
