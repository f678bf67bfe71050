using System.Globalization;
using System.Text;

namespace EcommerceBackend.Api.Tests.Hostile;

/// <summary>
/// JSON as an attacker writes it: any text in any place (numbers out of range, broken literals), duplicate keys, lone
/// surrogates escaped as <c>\ud800</c>, nesting as deep as asked. A serializer would refuse to write most of it.
/// </summary>
internal abstract record HostileJson
{
    public string Text
    {
        get
        {
            var text = new StringBuilder();
            Write(text);
            return text.ToString();
        }
    }

    public abstract void Write(StringBuilder text);

    /// <summary>Text put in as it is: a number like <c>1e400</c>, a literal, or something that is not JSON at all.</summary>
    public sealed record Raw(string Value) : HostileJson
    {
        public override void Write(StringBuilder text) => text.Append(Value);
    }

    public sealed record Str(string Value) : HostileJson
    {
        public override void Write(StringBuilder text) => WriteString(text, Value);
    }

    public sealed record Arr(IReadOnlyList<HostileJson> Items) : HostileJson
    {
        public override void Write(StringBuilder text)
        {
            text.Append('[');
            for (var i = 0; i < Items.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                Items[i].Write(text);
            }

            text.Append(']');
        }
    }

    public sealed record Obj(IReadOnlyList<KeyValuePair<string, HostileJson>> Members) : HostileJson
    {
        public override void Write(StringBuilder text)
        {
            text.Append('{');
            for (var i = 0; i < Members.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                WriteString(text, Members[i].Key);
                text.Append(':');
                Members[i].Value.Write(text);
            }

            text.Append('}');
        }
    }

    public static HostileJson Of(string value) => new Str(value);

    public static HostileJson Number(decimal value) => new Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A JSON string; control characters and unpaired surrogates escaped, so the UTF-8 is always well formed.</summary>
    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (paired)
            {
                text.Append(c).Append(value[++i]);
            }
            else if (c is '"' or '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c < 0x20 || char.IsSurrogate(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        text.Append('"');
    }
}
