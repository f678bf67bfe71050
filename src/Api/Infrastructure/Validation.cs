using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using FluentValidation;
using FluentValidation.Internal;

namespace EcommerceBackend.Api.Infrastructure;

/// <summary>
/// Request validation: a FluentValidation validator per request type, run by one endpoint filter on every group that
/// asks for it. Fields are named as clients send them (camelCase paths such as <c>items[0].quantity</c>), and a
/// failing request gets 400 with every broken field in the shape of RFC 9457 validation problem details.
/// </summary>
internal static class RequestValidation
{
    /// <summary>Registers every validator of the API, once, for the life of the process.</summary>
    public static IServiceCollection AddRequestValidation(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = CamelCasePath;
        // Validators hold no per-request state; one of each serves every request.
        services.AddValidatorsFromAssembly(typeof(RequestValidation).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }

    /// <summary>Validates the requests of every endpoint in the group.</summary>
    public static RouteGroupBuilder WithRequestValidation(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory(RequestValidationFilter.Create);
        group.ProducesValidationProblem();
        return group;
    }

    /// <summary>"ShippingAddress.ZipCode" → "shippingAddress.zipCode": the names the JSON carries.</summary>
    private static string? CamelCasePath(Type type, MemberInfo? member, LambdaExpression? expression)
    {
        var name = expression is not null && PropertyChain.FromExpression(expression) is { Count: > 0 } chain ? chain.ToString() : member?.Name;
        return name is null ? null : string.Join('.', name.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
    }
}

/// <summary>Runs the validator of each endpoint argument that has one; 400 with per-field errors when any fails.</summary>
internal static class RequestValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // Looked up once per endpoint, when it is built, not per request.
        var validators = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (Index: index, Validator: context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(parameter.ParameterType)) as IValidator))
            .Where(v => v.Validator is not null)
            .ToArray();
        if (validators.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            Dictionary<string, List<string>>? errors = null;
            foreach (var (index, validator) in validators)
            {
                if (invocation.Arguments[index] is not { } argument)
                {
                    continue;
                }

                foreach (var failure in validator!.Validate(new ValidationContext<object>(argument)).Errors)
                {
                    errors ??= new(StringComparer.Ordinal);
                    if (!errors.TryGetValue(failure.PropertyName, out var messages))
                    {
                        errors[failure.PropertyName] = messages = [];
                    }

                    messages.Add(failure.ErrorMessage);
                }
            }

            return errors is null
                ? next(invocation)
                : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal)));
        };
    }
}

/// <summary>The rules the API's requests share, with the messages clients have always seen.</summary>
internal static class RequestRules
{
    /// <summary>Names the field as the client sends it where that is not the property's path (a query parameter, a header, the whole body).</summary>
    public static IRuleBuilderInitial<T, TProperty> Named<T, TProperty>(this IRuleBuilderInitial<T, TProperty> rule, string name) =>
        rule.Configure(r => r.PropertyName = name);

    /// <summary>A required text field: present, with something visible in it, no control characters, at most <paramref name="maxLength"/> characters.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.Custom((value, context) => CheckText(context, value, maxLength, required: true, multiline: false));

    /// <summary>An optional text field: when given, the same rules as a required one, except that it may be left empty.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength, bool multiline = false) =>
        rule.Custom((value, context) => CheckText(context, value, maxLength, required: false, multiline));

    /// <summary>A query parameter that, when given, is a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> WholeNumber<T>(this IRuleBuilder<T, string?> rule, int min, int max) =>
        rule.Custom((value, context) =>
        {
            if (value is not null && ParseWholeNumber(value, min, max) is null)
            {
                context.AddFailure($"The {context.PropertyPath} parameter must be a whole number from {min} to {max}.");
            }
        });

    /// <summary>A query parameter that, when given, is an ISO 8601 date or date-time (see <see cref="DateParameter"/>).</summary>
    public static IRuleBuilderOptionsConditions<T, string?> Date<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            if (DateParameter.Problem(value) is { } problem)
            {
                context.AddFailure(string.Format(CultureInfo.InvariantCulture, problem, context.PropertyPath));
            }
        });

    /// <summary>A query parameter that, when given, is one of <paramref name="allowed"/>, exactly.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyCollection<string> allowed) =>
        rule.Custom((value, context) =>
        {
            if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
            {
                context.AddFailure($"The {context.PropertyPath} parameter must be one of {string.Join(", ", allowed)}.");
            }
        });

    /// <summary>The number, or <see langword="null"/> unless <paramref name="value"/> is plain digits from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static int? ParseWholeNumber(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max ? number : null;

    private static void CheckText<T>(ValidationContext<T> context, string? value, int maxLength, bool required, bool multiline)
    {
        var field = context.PropertyPath;
        var visible = value is not null && VisibleText.HasVisible(value);
        if (value is null || (required && !visible))
        {
            if (required)
            {
                context.AddFailure($"The {field} field is required.");
            }

            return;
        }

        if (value.Length > maxLength)
        {
            context.AddFailure($"The {field} field must be at most {maxLength} characters long.");
        }

        // Surrounding spaces, tabs and line breaks are trimmed off when the value is used, so only what is inside counts.
        var trimmed = value.Trim();
        if (VisibleText.HasControl(trimmed, multiline))
        {
            context.AddFailure(multiline
                ? $"The {field} field must not contain control characters other than tabs and line breaks."
                : $"The {field} field must not contain control characters or line breaks.");
        }
        else if (trimmed.Length > 0 && !visible)
        {
            context.AddFailure($"The {field} field must not be made only of invisible characters.");
        }
    }
}

/// <summary>What a person can see in a piece of text, so that a name made only of zero-width or control characters is no name.</summary>
internal static class VisibleText
{
    /// <summary>Whether any character would leave a visible mark: not a space, control, format (zero-width) or lone combining mark, nor a blank filler.</summary>
    public static bool HasVisible(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (IsVisible(rune))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the text holds a control character (C0, C1, DEL), a direction override or isolate (which can make a
    /// name read backwards), or a broken surrogate; tabs and line breaks are allowed only in multi-line fields.
    /// </summary>
    public static bool HasControl(string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (multiline && c is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return true;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsSurrogatePair(value, i))
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }

    /// <summary>Whether the text has no character that is invisible by itself (zero-width, format, blank fillers) and no control character.</summary>
    public static bool IsAllVisible(string value) => !HasControl(value, multiline: false) && value.EnumerateRunes().All(IsVisible);

    private static bool IsVisible(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned => false,
        // Letters and symbols that draw nothing: the Hangul fillers and the blank braille pattern.
        _ => !Rune.IsWhiteSpace(rune) && rune.Value is not (0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800),
    };
}
