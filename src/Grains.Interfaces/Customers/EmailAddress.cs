using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace EcommerceBackend.Contracts.Customers;

/// <summary>
/// The one way an email address becomes a key, so that addresses a person cannot tell apart are one account:
/// "A@x.com ", "a@X.com", "ａ@x.com" (full width), "а@x.com" (Cyrillic а) and "á@x.com" all have the key "a@x.com".
/// </summary>
public static class EmailAddress
{
    /// <summary>
    /// Trims, applies Unicode NFKC, folds case, then drops accents and marks and maps letters of other scripts that
    /// look like Latin ones to those. An address in plain ASCII only loses its case, so existing keys stay the same.
    /// </summary>
    public static string Normalize(string email)
    {
        var folded = email.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        if (Ascii.IsValid(folded))
        {
            return folded;
        }

        var key = new StringBuilder(folded.Length);
        foreach (var rune in folded.Normalize(NormalizationForm.FormKD).EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format:
                    continue;
                default:
                    key.Append(LookAlikes.TryGetValue(rune.Value, out var latin) ? latin : rune.ToString());
                    break;
            }
        }

        // Folded again: a decomposed capital (İ is I and a dot) only now shows its base letter.
        return key.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Lower-case letters of other scripts that are drawn like a Latin letter in common fonts (a subset of Unicode's
    /// confusables, TR39, for the scripts most used to imitate Latin addresses), and the dotless Latin i and j.
    /// </summary>
    private static readonly FrozenDictionary<int, char> LookAlikes = new Dictionary<char, char>
    {
        // Cyrillic
        ['а'] = 'a',
        ['е'] = 'e',
        ['һ'] = 'h',
        ['і'] = 'i',
        ['ј'] = 'j',
        ['ӏ'] = 'l',
        ['о'] = 'o',
        ['р'] = 'p',
        ['ԛ'] = 'q',
        ['ѕ'] = 's',
        ['у'] = 'y',
        ['ԝ'] = 'w',
        ['х'] = 'x',
        ['ԁ'] = 'd',
        // Armenian
        ['ո'] = 'n',
        ['ս'] = 'u',
        ['օ'] = 'o',
        ['ց'] = 'g',
        // Greek
        ['α'] = 'a',
        ['ι'] = 'i',
        ['ν'] = 'v',
        ['ο'] = 'o',
        ['ρ'] = 'p',
        ['υ'] = 'u',
        ['χ'] = 'x',
        // Latin letters without their dot or in another form
        ['ı'] = 'i',
        ['ȷ'] = 'j',
        ['ɡ'] = 'g',
        ['ɑ'] = 'a',
        ['ɩ'] = 'i',
        ['ℓ'] = 'l',
    }.ToFrozenDictionary(e => (int)e.Key, e => e.Value);
}
