using System.Text.Json;
using System.Text.Json.Serialization;

namespace Panel.Infrastructure;

/// <summary>The HTTP contract's JSON: camelCase, enums as their names, and no silently ignored fields.</summary>
public static class PanelJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new EnumNames());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
    }

    private static readonly Lazy<JsonSerializerOptions> Options = new(() =>
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    });

    /// <summary>An enum's values as the contract spells them: written by this converter, so documents and messages never drift from answers.</summary>
    public static IReadOnlyList<string> Names(Type enumType, JsonSerializerOptions? options = null) =>
        [.. Enum.GetValues(enumType).Cast<object>().Select(value => JsonSerializer.SerializeToElement(value, enumType, options ?? Options.Value).GetString()!)];

    /// <summary>
    /// Enums as their names. The stock converter also reads "Ship, Skip" as a combination of flags, which
    /// for enums that are not flags turns a value that is no name into another valid one: refuse it.
    /// </summary>
    private sealed class EnumNames : JsonConverterFactory
    {
        private readonly JsonStringEnumConverter _names = new(allowIntegerValues: false);

        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(SingleName<>).MakeGenericType(typeToConvert),
                _names.CreateConverter(typeToConvert, options))!;

        private sealed class SingleName<T>(JsonConverter<T> names) : JsonConverter<T> where T : struct, Enum
        {
            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                // Without a message of its own the exception gets the serializer's, which names the path.
                if (reader.TokenType == JsonTokenType.String && reader.GetString()!.Contains(','))
                    throw new JsonException();
                return names.Read(ref reader, typeToConvert, options);
            }

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
                names.Write(writer, value, options);
        }
    }
}
