using System.Text;
using CsCheck;

namespace EcommerceBackend.Api.Tests.Hostile;

/// <summary>The raw material of the campaign: odd text, odd numbers, JSON of the wrong type, odd bodies and content types.</summary>
internal static class HostileValues
{
    /// <summary>What attackers type into every field.</summary>
    public static readonly string[] Injections =
    [
        "' OR '1'='1", "'; DROP TABLE products; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)", "{\"$gt\":\"\"}", "{\"$ne\":null}",
        "$where: '1 == 1'", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
        "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}",
        "#{7*7}", "<%= 7*7 %>", "%s%s%s%s%n", "%x%x%x", "*)(uid=*))(|(uid=*", "`id`", "$(id)", "; ls -la", "| cat /etc/passwd",
        "admin'--", "admin@example.com", "null", "undefined", "NaN", "true", "[]", "{}", "__proto__", "constructor",
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "\\", "\"", "'",
    ];

    /// <summary>Unicode that trips up normalisation, comparison, rendering and encoders.</summary>
    public static readonly string[] OddUnicode =
    [
        "\u0000", "a\u0000b", "\u0001\u001f\u007f", "\ud800", "\udfff", "x\ud83d", "\ude00y", "\ud83d\ude00", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
        "\u202egnp.exe", "\u200b", "\u200d\u200c", "\ufeff", "\uffff", "\ufffe", "\ufffd", "e\u0301\u0301\u0301\u0301\u0301",
        "\uff11\uff12\uff13", "\u0661\u0662\u0663", "\u0130", "\u0131", "\u00df", "\u03a3\u03c3\u03c2", "\u6f22\u5b57", "\u0645\u0631\u062d\u0628\u0627",
        "\u00a0", "\u3000", "\u2028\u2029", "\t\r\n", " ", "", "\ud835\udd18\ud835\udd2b\ud835\udd26", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f",
    ];

    /// <summary>Numbers as JSON text: out of range, negative, zero, fractions, exponents, and tokens that are not numbers.</summary>
    public static readonly string[] OddNumbers =
    [
        "0", "-0", "-1", "1", "2", "999", "1000", "1001", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "79228162514264337593543950336",
        "1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308", "0.000001", "0.001", "1.005", "19.999", "3.14159",
        "1E3", "1e0", "1.0", "-0.0", "1000000000", "1000000001", "1000000000.01", "0.1e1", "123456789012345678901234567890",
        "0x10", "00012", ".5", "5.", "+1", "1_000", "NaN", "Infinity", "-Infinity", "1e", "--1", "1.2.3",
    ];

    /// <summary>Bodies that are broken or the wrong shape before any field is read.</summary>
    public static readonly string[] BrokenBodies =
    [
        "", " ", "{", "}", "[", "]", "[]", "[{}]", "null", "true", "0", "-1", "\"\"", "\"text\"", "{\"\":\"\"}", "{,}", "{\"a\":1,}",
        "{'single':'quotes'}", "{a:1}", "/* comment */ {}", "{} {}", "{\"a\":1}garbage", "\u0000", "{\"a\":\"\\u00\"}",
        "{\"a\":\"\\x41\"}", "<xml/>", "a=1&b=2", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--",
    ];

    public static readonly string?[] ContentTypes =
    [
        null, "", "application/json; charset=utf-16", "application/json; charset=nonsense", "application/json; charset=\"utf-8\"",
        "application/json;;;", "application/problem+json", "application/merge-patch+json", "text/json", "text/plain", "text/html",
        "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream",
        "application/json, text/plain", "*/*", "application/*", "json", "application/json; boundary=\u00e9",
    ];

    /// <summary>Odd but plausible text: injections, odd Unicode, whitespace, random characters, and very long runs.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.OneOf(Injections)),
        (6, Gen.OneOf(OddUnicode)),
        (3, Gen.String[Gen.Char, 0, 40]),
        (3, Gen.String[Gen.Char['\u0020', '\u007e'], 0, 30]),
        (2, Gen.Select(Gen.OneOf(Injections), Gen.OneOf(OddUnicode), Gen.OneOf(OddUnicode), (a, b, c) => b + a + c)),
        (2, Gen.Select(Gen.OneOf(101, 201, 255, 256, 1001, 2049, 5001, 20_000), Gen.OneOf("x", "\u00e9", "\ud83d\ude00", "<a>", " "), (n, s) => Repeat(s, n))));

    /// <summary>Any JSON value a field could be sent: a string, a number, a literal, an array, an object, or something deeply nested.</summary>
    public static readonly Gen<HostileJson> Value = Gen.Frequency(
        (8, Text.Select(HostileJson.Of)),
        (6, Gen.OneOf(OddNumbers).Select(n => (HostileJson)new HostileJson.Raw(n))),
        (2, Gen.OneOf("true", "false", "null", "[]", "{}", "[null]", "{\"$gt\":\"\"}", "[[[]]]").Select(l => (HostileJson)new HostileJson.Raw(l))),
        (2, Text.Select(t => (HostileJson)new HostileJson.Arr([HostileJson.Of(t), new HostileJson.Raw("1")]))),
        (1, Gen.Int[2, 300].Select(d => (HostileJson)new HostileJson.Raw(new string('[', d) + new string(']', d)))),
        (1, Gen.Int[2, 300].Select(d => (HostileJson)new HostileJson.Raw(Repeat("{\"a\":", d) + "1" + new string('}', d)))));

    /// <summary>Names of members an attacker adds to see whether the server trusts them.</summary>
    public static readonly string[] ExtraMembers =
        ["role", "id", "isAdmin", "passwordHash", "customerId", "status", "total", "createdAt", "version", "__proto__", "constructor", "$type", ""];

    public static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    /// <summary>Text for a URL: escaped (unpaired surrogates as U+FFFD), and never so long that the request line passes Kestrel's 8 KB.</summary>
    public static string ForUrl(string text)
    {
        var raw = WellFormed(text);
        var escaped = Uri.EscapeDataString(raw);
        while (escaped.Length > 3000)
        {
            // Halved (never between the halves of a surrogate pair) until it fits.
            var half = raw.Length / 2;
            raw = raw[..(char.IsLowSurrogate(raw[half]) ? half - 1 : half)];
            escaped = Uri.EscapeDataString(raw);
        }

        return escaped;
    }

    /// <summary>Header values must be one line of visible text for the client to send them; anything else is replaced.</summary>
    public static string ForHeader(string text)
    {
        var chars = WellFormed(text).Where(c => c is >= ' ' and <= '~').ToArray();
        return new string(chars.Length > 4000 ? chars[..4000] : chars);
    }

    private static string WellFormed(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\ufffd' : c);
            }
        }

        return builder.ToString();
    }
}
