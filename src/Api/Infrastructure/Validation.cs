namespace EcommerceBackend.Api.Infrastructure;

/// <summary>A request that can check itself and list what is wrong with it, field by field.</summary>
internal interface IValidatable
{
    void Validate(ValidationErrors errors);
}

/// <summary>Field name → the rules it broke, in the shape of RFC 9457 validation problem details.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Checks a required text field: present, not blank, at most <paramref name="maxLength"/> characters.</summary>
    public string? RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"The {field} field is required.");
            return null;
        }

        return OptionalText(field, value, maxLength);
    }

    /// <summary>Checks an optional text field's length.</summary>
    public string? OptionalText(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"The {field} field must be at most {maxLength} characters long.");
        }

        return value?.Trim();
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>Runs <see cref="IValidatable.Validate"/> on every argument that has it; 400 with per-field errors when any fails.</summary>
internal sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new ValidationErrors();
        foreach (var argument in context.Arguments)
        {
            if (argument is IValidatable validatable)
            {
                validatable.Validate(errors);
            }
        }

        return errors.IsEmpty ? await next(context) : TypedResults.ValidationProblem(errors.ToDictionary());
    }
}

internal static class ValidationEndpointExtensions
{
    /// <summary>Validates the requests of every endpoint in the group.</summary>
    public static RouteGroupBuilder WithRequestValidation(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<ValidationFilter>();
        group.ProducesValidationProblem();
        return group;
    }
}
