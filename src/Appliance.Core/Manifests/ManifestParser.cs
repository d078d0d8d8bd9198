using System.Text.Json;
using Appliance.Core.Content;
using Appliance.Core.Errors;

namespace Appliance.Core.Manifests;

/// <summary>
/// Validates the structure of a pushed manifest and extracts its references. Only reads the
/// fields the registry acts on; everything else is preserved because the exact bytes are stored.
/// </summary>
public sealed class ManifestParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public ParsedManifest Parse(ReadOnlyMemory<byte> content, string? contentType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw Invalid($"manifest is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("manifest must be a JSON object");
            var mediaType = ResolveMediaType(root, MediaTypes.Normalize(contentType));
            return MediaTypes.IsIndex(mediaType) ? ParseIndex(root, mediaType) : ParseImage(root, mediaType);
        }
    }

    private static string ResolveMediaType(JsonElement root, string? contentType)
    {
        var declared = OptionalString(root, "mediaType");
        if (declared is not null && MediaTypes.IsSchema1(declared) || contentType is not null && MediaTypes.IsSchema1(contentType)
            || root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number && version.GetInt32() == 1)
        {
            throw Invalid("Docker schema 1 manifests are not supported; push schema 2 or OCI (skopeo copy --format v2s2)");
        }

        // Clients that send a generic content type still declare the real one in the body.
        var effective = contentType is null or "application/json" or "application/octet-stream" ? declared : contentType;
        effective ??= root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;

        if (!MediaTypes.IsIndex(effective) && !MediaTypes.IsImageManifest(effective))
        {
            throw new RegistryException(OciErrorCode.ManifestInvalid, $"unsupported manifest media type '{effective}'",
                new { mediaType = effective });
        }
        if (declared is not null && declared != effective)
        {
            throw Invalid($"Content-Type '{effective}' does not match the manifest's mediaType '{declared}'");
        }
        if (!root.TryGetProperty("schemaVersion", out var schema) || schema.ValueKind != JsonValueKind.Number || schema.GetInt32() != 2)
        {
            throw Invalid("schemaVersion must be 2");
        }
        return effective;
    }

    private static ParsedManifest ParseImage(JsonElement root, string mediaType)
    {
        if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("image manifest has no config descriptor");
        }
        var configDescriptor = ReadDescriptor(config, "config");
        var blobs = new List<Descriptor> { configDescriptor };
        if (root.TryGetProperty("layers", out var layers))
        {
            if (layers.ValueKind != JsonValueKind.Array) throw Invalid("layers must be an array");
            var index = 0;
            foreach (var layer in layers.EnumerateArray()) blobs.Add(ReadDescriptor(layer, $"layers[{index++}]"));
        }
        else if (mediaType == MediaTypes.DockerManifest)
        {
            throw Invalid("image manifest has no layers");
        }

        var artifactType = OptionalString(root, "artifactType")
            ?? (configDescriptor.MediaType is MediaTypes.OciEmpty ? null : configDescriptor.MediaType);
        return new ParsedManifest(mediaType, blobs, [], ReadSubject(root), artifactType, Annotations(root));
    }

    private static ParsedManifest ParseIndex(JsonElement root, string mediaType)
    {
        if (!root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("index has no manifests array");
        }
        var children = new List<Descriptor>();
        var index = 0;
        foreach (var child in manifests.EnumerateArray()) children.Add(ReadDescriptor(child, $"manifests[{index++}]"));
        return new ParsedManifest(mediaType, [], children, ReadSubject(root), OptionalString(root, "artifactType"), Annotations(root));
    }

    private static Digest? ReadSubject(JsonElement root) =>
        root.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.Object
            ? ReadDescriptor(subject, "subject").Digest
            : null;

    private static Descriptor ReadDescriptor(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid($"{where} must be a descriptor object");
        var mediaType = OptionalString(element, "mediaType") ?? throw Invalid($"{where} has no mediaType");
        var digestText = OptionalString(element, "digest") ?? throw Invalid($"{where} has no digest");
        if (!Digest.TryParse(digestText, out var digest))
        {
            throw new RegistryException(OciErrorCode.DigestInvalid, $"{where} has an invalid digest '{digestText}'");
        }
        if (!element.TryGetProperty("size", out var sizeElement) || !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            throw Invalid($"{where} has no valid size");
        }
        var isExternal = element.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array && urls.GetArrayLength() > 0;
        return new Descriptor(mediaType, digest, size)
        {
            IsExternal = isExternal, ArtifactType = OptionalString(element, "artifactType"), Platform = PlatformOf(element),
        };
    }

    /// <summary>"os/architecture[/variant]" of an index entry, as oc and the platform settings name it; null without a platform object.</summary>
    public static string? PlatformOf(JsonElement descriptor)
    {
        if (!descriptor.TryGetProperty("platform", out var platform) || platform.ValueKind != JsonValueKind.Object) return null;
        var parts = new[] { "os", "architecture", "variant" }
            .Select(p => platform.TryGetProperty(p, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null)
            .Where(p => !string.IsNullOrEmpty(p));
        return string.Join('/', parts);
    }

    private static string? Annotations(JsonElement root) =>
        root.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
            ? annotations.GetRawText()
            : null;

    private static string? OptionalString(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value)) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid($"'{property}' must be a string");
    }

    private static RegistryException Invalid(string message) => new(OciErrorCode.ManifestInvalid, message);
}
