using System.Diagnostics;

namespace Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

/// <summary>Waits for a condition by polling it until a deadline, and fails with what was awaited and what was last seen.</summary>
public static class Eventually
{
    /// <summary>How long a test waits for something that is due, unless it says otherwise.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds for its value, and returns that value.</summary>
    public static async Task<T> Until<T>(string what, Func<Task<T>> probe, Func<T, bool> done, TimeSpan? deadline = null)
    {
        var limit = deadline ?? Deadline;
        var clock = Stopwatch.StartNew();
        T value = default!;
        Exception? error = null;
        while (true)
        {
            try
            {
                value = await probe();
                error = null;
                if (done(value))
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                // A probe may fail while the system settles (a silo going away, a broker restarting): try again.
                error = ex;
            }

            if (clock.Elapsed > limit)
            {
                break;
            }

            await Task.Delay(Interval);
        }

        throw error is null
            ? new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}; last seen: {Describe(value)}.")
            : new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}; the last probe failed: {error.GetType().Name}: {error.Message}", error);
    }

    /// <summary>Polls a synchronous condition.</summary>
    public static Task<T> Until<T>(string what, Func<T> probe, Func<T, bool> done, TimeSpan? deadline = null) =>
        Until(what, () => Task.FromResult(probe()), done, deadline);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        string text => text,
        // A JSON object is enumerable too, but reads best as its JSON.
        System.Text.Json.Nodes.JsonNode node => node.ToJsonString(),
        System.Collections.IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Take(20))}]",
        _ => value.ToString() ?? "",
    };
}
