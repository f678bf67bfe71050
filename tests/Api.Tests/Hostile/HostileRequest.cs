using System.Text;
using System.Text.Json.Nodes;

namespace EcommerceBackend.Api.Tests.Hostile;

/// <summary>
/// What a hostile request may be answered with. A 5xx, a dropped connection or a hang is never allowed; a 4xx must be a
/// problem detail; a 2xx only when <see cref="SuccessAllowed"/>, and then <see cref="CheckSuccess"/> says whether it is correct.
/// </summary>
internal sealed record Expect(bool SuccessAllowed, int[]? Only = null, Func<JsonNode?, string?>? CheckSuccess = null)
{
    /// <summary>Any 4xx problem; never a success.</summary>
    public static readonly Expect Refused = new(false);

    public static readonly Expect Unauthorized = new(false, [401]);

    public static readonly Expect Forbidden = new(false, [403]);

    public static readonly Expect NotFound = new(false, [404]);

    /// <summary>A correct success or any 4xx problem.</summary>
    public static Expect Either(Func<JsonNode?, string?>? check = null) => new(true, null, check);
}

/// <summary>One generated request, with what it may be answered and what it could change.</summary>
internal sealed record HostileRequest(
    string Case,
    HttpMethod Method,
    string Path,
    Auth Auth,
    byte[]? Body,
    string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Expect Expect,
    IReadOnlyList<string> Watch)
{
    /// <summary>Enough to see what was sent: method, path, auth, content type and the start of the body.</summary>
    public string Describe()
    {
        var body = Body is null ? "(no body)" : Escape(Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 300)])) + (Body.Length > 300 ? $"… ({Body.Length} bytes)" : "");
        var headers = Headers.Count == 0 ? "" : " " + string.Join(" ", Headers.Select(h => $"{h.Key}: {Escape(h.Value[..Math.Min(h.Value.Length, 80)])}"));
        return $"[{Case}] {Method} {Path[..Math.Min(Path.Length, 300)]} auth={Auth} content-type={ContentType ?? "(none)"}{headers} body={body}";
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
