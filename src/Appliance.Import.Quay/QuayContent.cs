using System.Runtime.CompilerServices;
using System.Text;
using Appliance.Core.Content;
using Appliance.Core.Import;

namespace Appliance.Import.Quay;

/// <summary>
/// Quay's live content as foreign content for <see cref="ContentImport"/>: each repository's live tags and the manifests
/// they reach (index children included), then each manifest's exact bytes (from <c>manifest.manifest_bytes</c>), then each
/// blob file once (hard-linkable: it is a file of its own). A blob that is not there as Quay recorded it is named, with
/// the images needing it; the import then stores every image but those.
/// </summary>
public sealed class QuayContent(QuayDatabase database, QuaySnapshot snapshot, QuayBlobFiles files, string name) : IForeignContent
{
    public string Name => name;

    public async IAsyncEnumerable<ForeignEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = new QuayImageNames(snapshot);
        var digests = new Dictionary<long, Digest>();
        foreach (var manifest in snapshot.Manifests.Values.OrderBy(m => m.Id))
        {
            if (Digest.TryParse(manifest.Digest, out var digest)) digests[manifest.Id] = digest;
            else yield return new ForeignProblem($"manifest {manifest.Id}", $"'{manifest.Digest}' is no digest: {string.Join(", ", names.Of(manifest))} not imported");
        }
        foreach (var tag in snapshot.Tags)
        {
            if (!digests.TryGetValue(tag.ManifestId, out var digest)) continue;
            yield return new ForeignTag($"tag {tag.Name}", names.RepositoryOf(snapshot.Manifests[tag.ManifestId]), tag.Name, digest,
                DateTimeOffset.FromUnixTimeMilliseconds(tag.StartMs));
        }
        var pushed = PushTimes();
        foreach (var (id, digest) in digests)
        {
            yield return new ForeignRevision($"manifest {id}", names.RepositoryOf(snapshot.Manifests[id]), digest,
                pushed.TryGetValue(id, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
        }

        var seen = new HashSet<Digest>();
        foreach (var (id, digest) in digests)
        {
            if (!seen.Add(digest)) continue;
            var bytes = Encoding.UTF8.GetBytes(await database.ReadManifestBytesAsync(id, cancellationToken));
            using var content = new MemoryStream(bytes, writable: false);
            yield return new ForeignBlob($"manifest {id}", digest, bytes.Length, content, File: null);
        }

        var needing = names.ByBlob();
        foreach (var blob in snapshot.Blobs.Values.OrderBy(b => b.Id))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var problem = files.Problem(blob);
            if (problem is not null || !Digest.TryParse(blob.Digest, out var digest))
            {
                yield return new ForeignProblem($"blob {blob.Digest ?? $"imagestorage {blob.Id}"}",
                    $"{problem ?? "no digest"}; needed by {string.Join(", ", needing[blob.Id])}");
                continue;
            }
            if (!seen.Add(digest)) continue;
            var path = files.PathOf(blob.Digest!)!;
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            yield return new ForeignBlob(path, digest, stream.Length, stream, path);
        }
    }

    /// <summary>Each manifest's push time; a child without one of its own was pushed with its index (the earliest that lists it).</summary>
    private Dictionary<long, long> PushTimes()
    {
        var pushed = new Dictionary<long, long>(snapshot.PushedMs);
        foreach (var (parent, children) in snapshot.Children.OrderBy(c => c.Key))
        {
            if (!snapshot.PushedMs.TryGetValue(parent, out var ms)) continue;
            foreach (var child in children.Where(c => !snapshot.PushedMs.ContainsKey(c)))
            {
                pushed[child] = pushed.TryGetValue(child, out var known) ? Math.Min(known, ms) : ms;
            }
        }
        return pushed;
    }
}
