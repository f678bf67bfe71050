using System.Globalization;
using System.Text;
using System.Text.Json;
using EcommerceBackend.Contracts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Orleans.Streaming.RabbitMQ;
using StackExchange.Redis;

namespace EcommerceBackend.Api.Infrastructure;

/// <summary>
/// Turns every failure into RFC 9457 problem details: a request the framework could not read becomes a 4xx
/// that says which field was wrong; a store, broker or silo that cannot answer becomes 503 with <c>Retry-After</c>;
/// anything else 500, logged. No answer carries a stack trace.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before retrying a 503.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, errors) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, TitleFor(bad.StatusCode), ErrorsFor(bad, context.Request)),
            // The framework's JSON reader throws this, not a BadHttpRequestException, for a charset it cannot decode.
            InvalidOperationException { InnerException: ArgumentException or NotSupportedException } when HasUnreadableCharset(context.Request)
                => (StatusCodes.Status415UnsupportedMediaType, "The request body's charset is not supported; send JSON in UTF-8.", null),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested
                => (499, "Client closed request", null),
            _ when IsOutage(exception)
                => (StatusCodes.Status503ServiceUnavailable, "The service is unavailable; try again shortly.", null),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred.", null),
        };

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // Expected while a dependency is down: no stack trace in the log for every request, and a hint to clients.
            LogUnavailable(logger, context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        else if (status >= 500)
        {
            LogRequestFailed(logger, exception, context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        var details = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title };
        // The exception stays out of the answer: clients get the problem, the log gets the cause.
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
    }

    /// <summary>Whether the failure is a dependency being unavailable (store, broker, silo), anywhere in the exception's causes.</summary>
    internal static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StoreUnavailableException or RabbitMqStreamException or RedisException:
                case TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsOutage):
                    return true;
            }
        }

        return false;
    }

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
        _ => "One or more validation errors occurred.",
    };

    /// <summary>Whether the request's Content-Type names a charset that .NET cannot decode.</summary>
    private static bool HasUnreadableCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.Charset.HasValue)
        {
            return false;
        }

        try
        {
            Encoding.GetEncoding(type.Charset.ToString());
            return false;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return true;
        }
    }

    /// <summary>Names the field a JSON body failed at, or the body itself.</summary>
    private static Dictionary<string, string[]>? ErrorsFor(BadHttpRequestException bad, HttpRequest request)
    {
        if (bad.StatusCode != StatusCodes.Status400BadRequest)
        {
            return null;
        }

        if (bad.InnerException is JsonException json)
        {
            // The reader's own exception inside means the text is not JSON at all; without one, a value did not fit its field.
            var field = FieldOf(json.Path);
            return field == "body" || json.InnerException is JsonException
                ? new() { ["body"] = [$"The request body is not valid JSON (at {json.Path ?? "$"})."] }
                : new() { [field] = [$"The {field} field has the wrong type or format."] };
        }

        // Every other parameter binds from text that cannot fail, so on an endpoint that reads a body, the body is what was
        // missing (or JSON null). The handler runs with the endpoint cleared; the feature keeps it.
        return request.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is not null
            ? new() { ["body"] = ["A JSON request body is required."] }
            : new() { ["request"] = [bad.Message] };
    }

    /// <summary>"$.items[0].quantity" → "items[0].quantity"; "$" or nothing → "body".</summary>
    internal static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Method} {Path} answered 503: {ExceptionType}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string method, string path);
}

internal static class ErrorHandlingExtensions
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Read failures reach the exception handler, where they become field errors, instead of a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Answers 413 from the declared length before any body is read; Kestrel stops bodies that grow past it.</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > maxBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            // The body stays unread: the connection cannot be reused, and the client must be told so, or its next request dies on it.
            context.Response.Headers.Connection = "close";
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = $"The limit is {maxBytes} bytes.",
                },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        await next(context);
    });

    /// <summary>Kestrel's own limit, for servers that enforce it.</summary>
    public static void ConfigureBodyLimit(this Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, long maxBytes) => kestrel.Limits.MaxRequestBodySize = maxBytes;
}
