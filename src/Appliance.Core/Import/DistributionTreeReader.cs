using System.Runtime.CompilerServices;

namespace Appliance.Core.Import;

/// <summary>
/// A CNCF distribution storage root on disk (the <c>rootdirectory</c> of its filesystem driver, as <c>registry:2</c> or
/// Debian's docker-registry leave it): the repositories' links first, then the blobs. Symbolic links are named and not
/// followed, so nothing outside the root is read.
/// </summary>
public sealed class DistributionTreeReader(string root) : IForeignContent
{
    private readonly string _root = Path.GetFullPath(root);

    public string Name => _root;

    public async IAsyncEnumerable<ForeignEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(_root, DistributionPath.Root)))
        {
            yield return new ForeignProblem(_root, $"no {DistributionPath.Root} under it: not a distribution storage root");
            yield break;
        }
        foreach (var part in new[] { "repositories", "blobs" })
        {
            foreach (var (relative, file) in Walk(new DirectoryInfo(Path.Combine(_root, DistributionPath.Root, part))))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (file is null)
                {
                    yield return new ForeignProblem(relative, "a symbolic link: not followed");
                    continue;
                }
                var kind = DistributionPath.Classify(relative);
                if (kind.IsLink)
                {
                    var content = file.Length > DistributionPath.MaxLinkBytes ? "" : await File.ReadAllTextAsync(file.FullName, cancellationToken);
                    yield return DistributionPath.Link(relative, kind, content);
                }
                else if (kind.Kind == DistributionFileKind.Blob)
                {
                    await using var bytes = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 0,
                        FileOptions.Asynchronous | FileOptions.SequentialScan);
                    yield return new ForeignBlob(relative, kind.Digest!.Value, bytes.Length, bytes, file.FullName);
                }
            }
        }
    }

    /// <summary>Every file below <paramref name="directory"/> with its path relative to the root; a null file is a symbolic link.</summary>
    private IEnumerable<(string Relative, FileInfo? File)> Walk(DirectoryInfo directory)
    {
        if (!directory.Exists) yield break;
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(_root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (entry.LinkTarget is not null) yield return (relative, null);
            else if (entry is DirectoryInfo child) foreach (var found in Walk(child)) yield return found;
            else yield return (relative, (FileInfo)entry);
        }
    }
}
