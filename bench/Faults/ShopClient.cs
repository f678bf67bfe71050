using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EcommerceBackend.Faults;

/// <summary>
/// Reads the shop through its own API, as an operator checking it would. A read that meets a 5xx or a broken
/// connection is tried again for a while: the checks run after a fault, and must not mistake recovery for loss.
/// </summary>
public sealed class ShopClient(Uri frontDoor) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { BaseAddress = frontDoor, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<string> LoginAsync(string email, string password)
    {
        var answer = await SendAsync(HttpMethod.Post, "/api/customers/login", null, new JsonObject { ["email"] = email, ["password"] = password });
        return answer?["token"]?.GetValue<string>() ?? throw new InvalidOperationException($"{email} could not log in.");
    }

    /// <summary>GET as <paramref name="token"/>; null for a 404.</summary>
    public Task<JsonObject?> GetAsync(string path, string token) => SendAsync(HttpMethod.Get, path, token, null);

    /// <summary>Every order of a customer, through the paged list.</summary>
    public Task<List<JsonObject>> OrdersOfAsync(string customerId, string adminToken) => AllPagesAsync($"/api/orders/customer/{customerId}", adminToken);

    /// <summary>Every item of a paged list (<c>items</c>, <c>totalPages</c>), 100 a page.</summary>
    public async Task<List<JsonObject>> AllPagesAsync(string path, string token)
    {
        var items = new List<JsonObject>();
        for (var page = 1; ; page++)
        {
            var answer = await GetAsync(string.Create(CultureInfo.InvariantCulture, $"{path}?page={page}&limit=100"), token)
                ?? throw new InvalidOperationException($"{path} answered 404.");
            items.AddRange(answer["items"]!.AsArray().Select(o => o!.AsObject()));
            if (page >= answer["totalPages"]!.GetValue<int>())
            {
                return items;
            }
        }
    }

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, string? token, JsonObject? body)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            string failure;
            try
            {
                using var response = await _http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (response.IsSuccessStatusCode)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                }

                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                failure = $"{(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failure = ex.GetType().Name;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{method} {path} kept failing for {Patience.TotalSeconds:0} s (last: {failure}).");
            }

            await Task.Delay(500);
        }
    }

    public void Dispose() => _http.Dispose();
}
