using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Services;

namespace Appliance.Core.Releases;

/// <summary>
/// Reads <c>release-manifests/image-references</c> and <c>release-manifests/release-metadata</c> out of a stored release
/// image's layers. Layers are streamed through gzip and tar straight from their blob files: nothing is unpacked to disk,
/// and only the two small files are held in memory.
/// </summary>
public sealed class ReleasePayloadReader(BlobService blobs)
{
    public const string ImageReferencesPath = "release-manifests/image-references";
    public const string MetadataPath = "release-manifests/release-metadata";

    /// <summary>Real image-references files are a few hundred KiB; anything far larger is not one.</summary>
    private const long MaxFileBytes = 32 * 1024 * 1024;

    public async Task<ReleasePayload> ReadAsync(RepositoryName repository, Digest digest, ParsedManifest manifest, CancellationToken cancellationToken)
    {
        var where = $"{repository}@{digest}";
        var layers = manifest.Blobs.Skip(1).Where(l => !l.IsExternal).ToList();
        if (layers.Count == 0) throw NotARelease($"{where} has no layers, so it is not an OpenShift release image");

        var found = new Dictionary<string, byte[]>();
        // The payload files are in the topmost layers; a later layer's copy wins over an earlier one's.
        foreach (var layer in Enumerable.Reverse(layers))
        {
            _ = await blobs.FindAsync(repository, layer.Digest, cancellationToken)
                ?? throw new ReleaseCheckException(ReleaseCheckFailure.Damaged, $"layer {layer.Digest} of release {where} is not in the store");
            try
            {
                var isGzip = await IsGzipAsync(layer.Digest, cancellationToken);
                await using var content = await blobs.OpenReadAsync(layer.Digest, 0, null, cancellationToken);
                await ScanLayerAsync(content, isGzip, found, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
            {
                throw NotARelease($"layer {layer.Digest} of {where} is not a readable tar archive: {e.Message}");
            }
            if (found.Count == 2) break;
        }

        if (!found.TryGetValue(ImageReferencesPath, out var references))
        {
            throw NotARelease($"{where} has no {ImageReferencesPath} in its layers, so it is not an OpenShift release image");
        }
        return Parse(where, references, found.GetValueOrDefault(MetadataPath));
    }

    /// <summary>Reads the first two bytes on their own: an object store's stream cannot go back to the start.</summary>
    private async Task<bool> IsGzipAsync(Digest layer, CancellationToken cancellationToken)
    {
        await using var start = await blobs.OpenReadAsync(layer, 0, 2, cancellationToken);
        var magic = new byte[2];
        return await start.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static async Task ScanLayerAsync(Stream layer, bool isGzip, Dictionary<string, byte[]> found, CancellationToken cancellationToken)
    {
        await using Stream content = isGzip ? new GZipStream(layer, CompressionMode.Decompress, leaveOpen: true) : layer;
        await using var tar = new TarReader(content, leaveOpen: true);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name.TrimStart('/');
            if (name is not (ImageReferencesPath or MetadataPath) || found.ContainsKey(name)) continue;
            if (entry.Length > MaxFileBytes) throw new InvalidDataException($"{name} is {entry.Length} bytes, too large to be a release payload file");
            var bytes = new byte[entry.Length];
            var read = entry.DataStream is null ? 0 : await entry.DataStream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken);
            if (read != bytes.Length) throw new InvalidDataException($"{name} ends after {read} of its {bytes.Length} bytes (truncated layer)");
            found[name] = bytes;
        }
    }

    private static ReleasePayload Parse(string where, byte[] references, byte[]? metadata)
    {
        try
        {
            using var imageStream = JsonDocument.Parse(references);
            var root = imageStream.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
                || kind.GetString() != "ImageStream")
            {
                throw NotARelease($"{ImageReferencesPath} of {where} is not an ImageStream");
            }
            var components = new List<ReleaseComponent>();
            if (root.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
                && spec.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
            {
                foreach (var tag in tags.EnumerateArray()) components.Add(Component(where, tag));
            }
            if (components.Count == 0) throw NotARelease($"{ImageReferencesPath} of {where} names no component images");
            var version = Version(metadata) ?? StringAt(root, "metadata", "name")
                ?? throw NotARelease($"{where} states no version (release-metadata or ImageStream metadata.name)");
            return new ReleasePayload(version, components);
        }
        catch (JsonException e)
        {
            throw NotARelease($"a release payload file of {where} is not valid JSON: {e.Message}");
        }
    }

    private static ReleaseComponent Component(string where, JsonElement tag)
    {
        var name = tag.ValueKind == JsonValueKind.Object && tag.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        var from = StringAt(tag, "from", "name");
        if (name is null || from is null) throw NotARelease($"{ImageReferencesPath} of {where} has a tag without name or from.name");
        ImageReference image;
        try
        {
            image = ImageReference.Parse(from);
        }
        catch (FormatException e)
        {
            throw NotARelease($"component {name} of {where}: {e.Message}");
        }
        if (image.Reference.Digest is not { } digest) throw NotARelease($"component {name} of {where} is '{from}', not pinned by digest");
        return new ReleaseComponent(name, image.Repository, digest);
    }

    private static string? Version(byte[]? metadata)
    {
        if (metadata is null) return null;
        using var document = JsonDocument.Parse(metadata);
        return document.RootElement.ValueKind == JsonValueKind.Object ? StringAt(document.RootElement, "version") : null;
    }

    private static string? StringAt(JsonElement element, params string[] path)
    {
        foreach (var property in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static ReleaseCheckException NotARelease(string message) => new(ReleaseCheckFailure.NotARelease, message);
}
