using System.Text.Json;
using Appliance.Core.Manifests;

namespace Appliance.Registry.ConsoleApi;

/// <summary>Reads what the console shows from stored manifest and config JSON; the stored bytes stay as pushed.</summary>
public static class ManifestJson
{
    public sealed record Child(string Digest, string MediaType, long Size, string Platform);

    public sealed record Layer(string Digest, string MediaType, long Size);

    /// <summary>The children of an index with their "os/architecture[/variant]".</summary>
    public static IReadOnlyList<Child> Platforms(ReadOnlyMemory<byte> index)
    {
        using var document = JsonDocument.Parse(index);
        if (!document.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array) return [];
        return manifests.EnumerateArray().Select(m => new Child(Text(m, "digest") ?? "", Text(m, "mediaType") ?? "", Size(m),
            ManifestParser.PlatformOf(m) ?? "")).ToList();
    }

    public static IReadOnlyList<Layer> Layers(JsonElement manifest) =>
        manifest.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array
            ? layers.EnumerateArray().Select(l => new Layer(Text(l, "digest") ?? "", Text(l, "mediaType") ?? "", Size(l))).ToList()
            : [];

    /// <summary>os, architecture, created and labels of an image config; null fields when it has none.</summary>
    public static object ConfigSummary(ReadOnlyMemory<byte> config)
    {
        using var document = JsonDocument.Parse(config);
        var root = document.RootElement;
        var labels = root.TryGetProperty("config", out var inner) && inner.ValueKind == JsonValueKind.Object
            && inner.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
            : new Dictionary<string, string>();
        return new { os = Text(root, "os"), architecture = Text(root, "architecture"), variant = Text(root, "variant"), created = Text(root, "created"), labels };
    }

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Size(JsonElement element) =>
        element.TryGetProperty("size", out var size) && size.TryGetInt64(out var value) ? value : 0;
}
