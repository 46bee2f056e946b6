using System.Text.Json;
using System.Text.Json.Serialization;

namespace Panel.Infrastructure;

/// <summary>The HTTP contract's JSON: camelCase, enums as their names, and no silently ignored fields.</summary>
public static class PanelJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
    }
}
