using System.Globalization;
using System.Text;

namespace Panel.Infrastructure;

/// <summary>
/// Names and titles as people read them. A name is shown beside others and chosen from lists, so two
/// spellings that look the same must be one name: "Alpha" with a zero-width space, a non-breaking space,
/// a decomposed accent or a Cyrillic "а" is the tool "Alpha" again. Characters that show nothing or
/// reorder what follows have no place in a name at all (<see cref="FieldErrors.Name"/> refuses them).
/// </summary>
public static class Names
{
    /// <summary>
    /// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder the text after
    /// them wherever it is shown ("Trojan Source"), and nobody types them. No text field takes them.
    /// </summary>
    public static bool IsBidiControl(int c) => c is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;

    /// <summary>
    /// Characters that show nothing: zero-width space, joiners and direction marks (U+200B–U+200F), word
    /// joiner and invisible operators (U+2060–U+2064), the byte-order mark U+FEFF, soft hyphen, combining
    /// grapheme joiner and the Mongolian vowel separator. Fine in prose (a joiner makes 👩‍💻), never in a name.
    /// </summary>
    public static bool IsInvisible(int c) =>
        c is >= 0x200B and <= 0x200F or >= 0x2060 and <= 0x2064 or 0xFEFF or 0x00AD or 0x034F or 0x180E;

    /// <summary>U+2028 and U+2029 break a line where a name is one line.</summary>
    public static bool IsLineSeparator(int c) => c is 0x2028 or 0x2029;

    /// <summary>How a name is stored: composed (NFC), every run of white space (NBSP, tabs, ideographic space...) one space, trimmed.</summary>
    /// <summary>
    /// Unicode normalisation, or the text as it is when .NET refuses it (noncharacters such as U+FFFE are
    /// valid text that a name may hold, and normalising them throws).
    /// </summary>
    private static string Safely(string text, NormalizationForm form)
    {
        try
        {
            return text.Normalize(form);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    public static string Normalize(string name)
    {
        var composed = Safely(name, NormalizationForm.FormC);
        var written = new StringBuilder(composed.Length);
        var space = false;
        foreach (var c in composed)
        {
            if (char.IsWhiteSpace(c))
            {
                space = written.Length > 0;
                continue;
            }
            if (space) written.Append(' ');
            space = false;
            written.Append(c);
        }
        return written.ToString();
    }

    /// <summary>
    /// What a name looks like, for uniqueness: two names with the same skeleton read the same. Compatibility
    /// forms become their plain letters (fullwidth "Ａ", ligature "ﬁ"), accents go (NFKD without its
    /// combining marks), invisible characters go, the common Cyrillic and Greek lookalikes become the Latin
    /// letters they look like, and letter case goes. A small hand-made subset of Unicode's confusables
    /// (UTS #39), covering the letters that pass for Latin in a list of names.
    /// </summary>
    public static string Skeleton(string name)
    {
        var skeleton = new StringBuilder(name.Length);
        foreach (var rune in Safely(Normalize(name), NormalizationForm.FormKD).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) continue;
            if (IsInvisible(rune.Value) || IsBidiControl(rune.Value)) continue;
            if (rune.IsBmp && Lookalikes.TryGetValue((char)rune.Value, out var latin)) skeleton.Append(char.ToLowerInvariant(latin));
            else skeleton.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return Normalize(skeleton.ToString());
    }

    /// <summary>Cyrillic and Greek letters (either case) that look like a Latin letter, and a few Latin ones; each above the letter it passes for.</summary>
    private static readonly Dictionary<char, char> Lookalikes = Pairs(
        // Cyrillic capitals, then small letters
        "АВЕКМНОРСТУХЅІЈҮӀԚԜ" + "аеорсухѕіјһԛԝӏүк" +
        // Greek capitals, then small letters
        "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ" + "αορικνυχγ" +
        // Latin letters that pass for others
        "ıɑɡ",
        "ABEKMHOPCTYXSIJYIQW" + "aeopcyxsijhqwlyk" +
        "ABEZHIKMNOPTYX" + "aopikvuxy" +
        "iag");

    private static Dictionary<char, char> Pairs(string from, string to) =>
        from.Length == to.Length
            ? from.Zip(to).ToDictionary(x => x.First, x => x.Second)
            : throw new InvalidOperationException("Each lookalike needs the letter it passes for.");
}
