using System.Runtime.CompilerServices;
using System.Text.Json;
using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Import;

/// <summary>
/// An OCI image layout (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/&lt;algorithm&gt;/&lt;hex&gt;</c>), as <c>skopeo copy ...
/// oci:DIR:TAG</c> and zot's per-repository storage write it, as one repository: every manifest <c>index.json</c> lists,
/// tagged by its <c>org.opencontainers.image.ref.name</c>, and the children of the indexes among them; then the blobs.
/// </summary>
public sealed class OciLayoutReader(string directory, string repository) : IForeignContent
{
    private const string RefName = "org.opencontainers.image.ref.name";

    /// <summary>Manifests are small; a larger blob is not read to look for children.</summary>
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    private readonly string _root = Path.GetFullPath(directory);

    public string Name => _root;

    public async IAsyncEnumerable<ForeignEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var indexFile = Path.Combine(_root, "index.json");
        if (!File.Exists(indexFile) || new FileInfo(indexFile).LinkTarget is not null)
        {
            yield return new ForeignProblem(_root, "no index.json: not an OCI image layout");
            yield break;
        }
        var pending = new Queue<Digest>();
        foreach (var (digest, refName) in Descriptors(await File.ReadAllBytesAsync(indexFile, cancellationToken)))
        {
            pending.Enqueue(digest);
            yield return new ForeignRevision("index.json", repository, digest);
            if (refName is null) continue;
            // A full reference (registry/name:tag) keeps its tag part.
            var tag = Tag.IsValid(refName) ? refName : refName[(refName.LastIndexOf(':') + 1)..];
            yield return Tag.IsValid(tag) ? new ForeignTag("index.json", repository, tag, digest)
                : new ForeignProblem("index.json", $"'{refName}' names no tag: its manifest is imported by digest only");
        }
        var seen = new HashSet<Digest>();
        while (pending.TryDequeue(out var manifest))
        {
            if (!seen.Add(manifest) || ReadSmallBlob(manifest) is not { } content) continue;
            foreach (var (child, _) in Descriptors(content))
            {
                pending.Enqueue(child);
                yield return new ForeignRevision(BlobPath(manifest), repository, child);
            }
        }
        foreach (var (relative, file) in FileTreeWalk.Below(_root, Path.Combine(_root, "blobs")))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file is null)
            {
                yield return new ForeignProblem(relative, "a symbolic link: not followed");
                continue;
            }
            if (relative.Split('/') is not ["blobs", var algorithm, var hex] || !Digest.TryParse($"{algorithm}:{hex}", out var digest)) continue;
            await using var bytes = FileTreeWalk.OpenSequential(file.FullName);
            yield return new ForeignBlob(relative, digest, bytes.Length, bytes, file.FullName);
        }
    }

    /// <summary>The digests (and reference names) an index lists; nothing when the bytes are no index.</summary>
    private static List<(Digest Digest, string? RefName)> Descriptors(byte[] content)
    {
        var found = new List<(Digest, string?)>();
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("manifests", out var manifests)
                || manifests.ValueKind != JsonValueKind.Array) return found;
            foreach (var descriptor in manifests.EnumerateArray())
            {
                if (descriptor.ValueKind != JsonValueKind.Object || !descriptor.TryGetProperty("digest", out var digest)
                    || !Digest.TryParse(digest.ValueKind == JsonValueKind.String ? digest.GetString() : null, out var parsed)) continue;
                var refName = descriptor.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
                    && annotations.TryGetProperty(RefName, out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
                found.Add((parsed, refName));
            }
        }
        catch (JsonException)
        {
            // Not JSON: the import names the manifest when it records it.
        }
        return found;
    }

    private byte[]? ReadSmallBlob(Digest digest)
    {
        var file = new FileInfo(Path.Combine(_root, BlobPath(digest)));
        return file.Exists && file.LinkTarget is null && file.Length <= MaxManifestBytes ? File.ReadAllBytes(file.FullName) : null;
    }

    private static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm.Name}/{digest.Hex}";
}
