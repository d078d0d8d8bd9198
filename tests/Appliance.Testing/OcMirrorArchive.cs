using System.Formats.Tar;

namespace Appliance.Testing;

/// <summary>
/// Writes oc-mirror v2 archives from a CNCF distribution storage root the way oc-mirror's mirror-to-disk writes them from
/// its cache registry (facts from its internal/pkg/archive): in <c>mirror_000001.tar</c> first the whole
/// <c>docker/registry/v2/repositories</c> tree, then <c>working-dir/</c> and the image set config as <c>isc_&lt;time&gt;</c>,
/// then each blob not archived before as <c>docker/registry/v2/blobs/sha256/&lt;2 hex&gt;/&lt;hex&gt;/data</c> with its
/// directory; here the blobs are dealt out over <paramref name="volumes"/> volumes, so links and blobs sit in different ones.
/// </summary>
public static class OcMirrorArchive
{
    private const string V2 = "docker/registry/v2";

    /// <param name="archivedBefore">Blobs an earlier archive carried (oc-mirror's history): left out of this one.</param>
    /// <returns>The volumes written, and every blob archived so far (this one's and <paramref name="archivedBefore"/>).</returns>
    public static (IReadOnlyList<string> Volumes, HashSet<string> Archived) Write(string storageRoot, string outputDirectory, int volumes,
        IReadOnlySet<string>? archivedBefore = null)
    {
        Directory.CreateDirectory(outputDirectory);
        var paths = Enumerable.Range(1, volumes).Select(i => Path.Combine(outputDirectory, $"mirror_{i:000000}.tar")).ToList();
        var writers = paths.Select(p => new TarWriter(File.Create(p), TarEntryFormat.Pax, leaveOpen: false)).ToList();
        var archived = new HashSet<string>(archivedBefore ?? new HashSet<string>());
        try
        {
            AddTree(writers[0], storageRoot, Path.Combine(storageRoot, V2, "repositories"));
            var workingDir = Path.Combine(outputDirectory, "work", "working-dir");
            Directory.CreateDirectory(Path.Combine(workingDir, "cluster-resources"));
            File.WriteAllText(Path.Combine(workingDir, "cluster-resources", "idms-oc-mirror.yaml"), "kind: ImageDigestMirrorSet\n");
            AddTree(writers[0], Path.GetDirectoryName(workingDir)!, workingDir);
            var isc = Path.Combine(outputDirectory, "work", "isc.yaml");
            File.WriteAllText(isc, "kind: ImageSetConfiguration\napiVersion: mirror.openshift.io/v2alpha1\n");
            writers[0].WriteEntry(isc, "isc_2026-12-05T12:00:00Z");
            var turn = 0;
            foreach (var data in Directory.EnumerateFiles(Path.Combine(storageRoot, V2, "blobs"), "data", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var digest = "sha256:" + Path.GetFileName(Path.GetDirectoryName(data)!);
                if (!archived.Add(digest)) continue;
                AddTree(writers[turn++ % volumes], storageRoot, Path.GetDirectoryName(data)!);
            }
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }
        return (paths, archived);
    }

    /// <summary>The directory and everything below it, with names relative to <paramref name="root"/>.</summary>
    private static void AddTree(TarWriter writer, string root, string directory)
    {
        writer.WriteEntry(directory, Path.GetRelativePath(root, directory));
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            if (Directory.Exists(entry)) AddTree(writer, root, entry);
            else writer.WriteEntry(entry, Path.GetRelativePath(root, entry));
        }
    }
}
