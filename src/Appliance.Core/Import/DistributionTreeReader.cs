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
            foreach (var (relative, file) in FileTreeWalk.Below(_root, Path.Combine(_root, DistributionPath.Root, part)))
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
                    await using var bytes = FileTreeWalk.OpenSequential(file.FullName);
                    yield return new ForeignBlob(relative, kind.Digest!.Value, bytes.Length, bytes, file.FullName);
                }
            }
        }
    }
}
