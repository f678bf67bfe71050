using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceBackend.Load.Recording;

namespace EcommerceBackend.Load.Running;

/// <summary>What came back for one request: a status and body, or a transport failure.</summary>
public readonly record struct Answer(int Status, byte[] Body, TransportFailure? Failure, bool Replayed)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>What a careful client retries with the same request: a 5xx, a 429, a timeout or a broken connection.</summary>
    public bool IsRetryable => Failure is not null || Status >= 500 || Status == 429;

    public JsonNode? Json()
    {
        try
        {
            return Body.Length == 0 ? null : JsonNode.Parse(Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The title of a problem answer, or the start of whatever else came back.</summary>
    public string? Title() => Json() is JsonObject problem && problem["title"] is JsonValue title
        ? title.ToString()
        : Body.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 200));
}

/// <summary>
/// Sends the generator's requests: times each one, counts it in the current phase under its endpoint name, and puts
/// every client-visible failure in the ledger (5xx, 429, no answer, and any 4xx the caller did not expect).
/// </summary>
public sealed class ApiClient(HttpClient http, Ledger ledger, TimeSpan timeout)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(60);

    public PhaseStats Stats { get; set; } = new();

    public string Phase { get; set; } = "setup";

    /// <summary>
    /// Sends one request. <paramref name="stop"/> cancelling ends the wait with an <see cref="OperationCanceledException"/>
    /// (the run is over); the request's own timeout ends it with <see cref="TransportFailure.Timeout"/>.
    /// </summary>
    public async Task<Answer> SendAsync(
        string endpoint, HttpMethod method, string path, object? body, string? token, CancellationToken stop,
        string? idempotencyKey = null, int[]? expected = null, TimeSpan? timeoutOverride = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Ledger.Json)) { Headers = { ContentType = JsonType } };
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var stats = Stats;
        stats.Started();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(timeoutOverride ?? timeout);
        var started = Stopwatch.GetTimestamp();
        Answer answer;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            answer = new Answer((int)response.StatusCode, bytes, null, response.Headers.Contains("Idempotent-Replayed"));
            stats.Answered(endpoint, answer.Status, Stopwatch.GetTimestamp() - started);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            answer = new Answer(0, [], TransportFailure.Timeout, false);
            stats.Failed(endpoint, TransportFailure.Timeout);
        }
        catch (HttpRequestException)
        {
            answer = new Answer(0, [], TransportFailure.Connection, false);
            stats.Failed(endpoint, TransportFailure.Connection);
        }

        if (answer.IsRetryable || (answer.Status >= 400 && !(expected?.Contains(answer.Status) ?? false)))
        {
            ledger.Add(new LedgerEntry
            {
                Type = "failure",
                Phase = Phase,
                Endpoint = endpoint,
                Status = answer.Failure is null ? answer.Status : null,
                Error = answer.Failure?.ToString().ToLowerInvariant(),
                Title = answer.Failure is null ? answer.Title() : null,
                Key = idempotencyKey,
            });
        }

        return answer;
    }

    /// <summary>Sends a setup request and returns its JSON, or throws saying what the API answered.</summary>
    public async Task<JsonNode> SetupAsync(HttpMethod method, string path, object? body, string? token, CancellationToken stop)
    {
        // Set-up requests hash passwords and create products: a short --timeout meant for the load does not apply.
        var answer = await SendAsync($"{method} {path}", method, path, body, token, stop, timeoutOverride: SetupTimeout);
        if (!answer.IsSuccess)
        {
            var what = answer.Failure is { } failure ? failure.ToString().ToLowerInvariant() : $"{answer.Status}: {answer.Title()}";
            throw new SetupException($"{method} {path} answered {what}");
        }

        return answer.Json() ?? throw new SetupException($"{method} {path} answered {answer.Status} without JSON.");
    }
}

/// <summary>The setup could not be done through the API; the message says which request failed and how.</summary>
public sealed class SetupException(string message) : Exception(message);
