using System.Formats.Tar;
using System.Runtime.CompilerServices;
using System.Text;

namespace Appliance.Core.Import;

/// <summary>
/// oc-mirror v2 archives (<c>mirror_000001.tar</c>, ...) as its mirror-to-disk writes them: each volume a plain tar of whole
/// files holding its cache registry's storage tree (<c>docker/registry/v2/repositories/...</c>, every time, and the blobs not
/// archived before), <c>working-dir/</c> and the <c>isc_*</c> image set config, which an import does not need. Each volume is
/// read once, front to back, and blobs are handed on as streams out of the tar: nothing is extracted. Entries that could
/// write outside a tree (absolute paths, <c>..</c>), links and devices are named and skipped; a damaged volume is read up to
/// the damage.
/// </summary>
public sealed class OcMirrorArchiveReader(IReadOnlyList<string> volumes) : IForeignContent
{
    /// <summary>
    /// The volumes <paramref name="paths"/> name: files as given, and the <c>mirror_*.tar</c> files of directories (a
    /// directory without any stays, to be named as a problem).
    /// </summary>
    public static OcMirrorArchiveReader Of(IEnumerable<string> paths) =>
        new([.. paths.SelectMany<string, string>(path => Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "mirror_*.tar").Order(StringComparer.Ordinal).DefaultIfEmpty(path)
            : [path])]);

    private const string SignaturesDirectory = "working-dir/signatures/";
    private const int MaxSignatureBytes = 1 << 20;
    private readonly List<(string FileName, byte[] Content)> _signatures = [];

    public IReadOnlyList<string> Volumes => volumes;

    /// <summary>The release signature files of oc-mirror's <c>working-dir/signatures</c>, once the volumes have been read.</summary>
    public IReadOnlyList<(string FileName, byte[] Content)> Signatures => _signatures;

    public string Name => string.Join(", ", volumes.Select(Path.GetFileName));

    public async IAsyncEnumerable<ForeignEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var volume in volumes)
        {
            await foreach (var entry in ReadVolumeAsync(volume, _signatures, cancellationToken)) yield return entry;
        }
    }

    private static async IAsyncEnumerable<ForeignEntry> ReadVolumeAsync(string volume, List<(string FileName, byte[] Content)> signatures,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(volume);
        if (!File.Exists(volume))
        {
            yield return new ForeignProblem(volume, Directory.Exists(volume) ? "a directory without mirror_*.tar volumes" : "no such file");
            yield break;
        }
        await using var file = new FileStream(volume, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var tar = new TarReader(file);
        var last = "its start";
        while (true)
        {
            TarEntry? entry;
            string? damage = null;
            try
            {
                entry = await tar.GetNextEntryAsync(copyData: false, cancellationToken);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
            {
                (entry, damage) = (null, e.Message);
            }
            if (damage is not null) yield return new ForeignProblem(name, $"truncated or damaged after {last} ({damage}): the rest of it is not read");
            if (entry is null) yield break;
            last = $"entry '{entry.Name}'";
            var origin = $"{name}: {entry.Name}";
            var path = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
            if (path.StartsWith('/') || path.Split('/').Contains(".."))
            {
                yield return new ForeignProblem(origin, "the path leaves the archive's tree: skipped");
                continue;
            }
            switch (entry.EntryType)
            {
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    yield return new ForeignProblem(origin, $"a link to '{entry.LinkName}': links are not followed");
                    continue;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    yield return new ForeignProblem(origin, "a device or pipe: skipped");
                    continue;
                default:
                    continue; // directories and the tar's own metadata
            }
            if (path.StartsWith(SignaturesDirectory, StringComparison.Ordinal) && !path[SignaturesDirectory.Length..].Contains('/'))
            {
                if (entry.Length <= MaxSignatureBytes && await ReadSmallAsync(entry, cancellationToken) is { } signature)
                {
                    signatures.Add((path[SignaturesDirectory.Length..], signature));
                }
                continue;
            }
            var kind = DistributionPath.Classify(path);
            if (kind.IsLink)
            {
                yield return DistributionPath.Link(origin, kind, await ReadLinkAsync(entry, cancellationToken));
            }
            else if (kind.Kind == DistributionFileKind.Blob)
            {
                yield return new ForeignBlob(origin, kind.Digest!.Value, entry.Length, entry.DataStream ?? Stream.Null, null);
            }
        }
    }

    private static async Task<string> ReadLinkAsync(TarEntry entry, CancellationToken cancellationToken) =>
        entry.Length <= DistributionPath.MaxLinkBytes && await ReadSmallAsync(entry, cancellationToken) is { } bytes
            ? Encoding.UTF8.GetString(bytes)
            : ""; // cut short or too long: not a digest, and a cut is found as damage by the next entry

    /// <returns>The entry's bytes; null when the volume ends before them.</returns>
    private static async Task<byte[]?> ReadSmallAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.DataStream is null) return [];
        var buffer = new byte[entry.Length];
        try
        {
            await entry.DataStream.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        return buffer;
    }
}
