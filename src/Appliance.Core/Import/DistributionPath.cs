using Appliance.Core.Content;

namespace Appliance.Core.Import;

/// <summary>
/// What a file of a CNCF distribution storage tree is, from its path relative to the storage root, as distribution's
/// filesystem driver lays the tree out (and oc-mirror archives its cache registry's tree):
/// <c>docker/registry/v2/blobs/sha256/&lt;2 hex&gt;/&lt;hex&gt;/data</c> holds a blob (manifests too),
/// <c>docker/registry/v2/repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/current/link</c> names a tag's manifest and
/// <c>.../_manifests/revisions/sha256/&lt;hex&gt;/link</c> a manifest of the repository. Anything else (layer links, which
/// the manifests say again; tag history; upload state) is not needed to rebuild the repositories.
/// </summary>
public static class DistributionPath
{
    public const string Root = "docker/registry/v2/";

    public static DistributionFile Classify(string relativePath)
    {
        if (!relativePath.StartsWith(Root, StringComparison.Ordinal)) return DistributionFile.Other;
        var parts = relativePath[Root.Length..].Split('/');
        if (parts is ["blobs", var algorithm, var fanOut, var hex, "data"])
        {
            return hex.Length > 2 && hex[..2] == fanOut && Digest.TryParse($"{algorithm}:{hex}", out var digest)
                ? new DistributionFile(DistributionFileKind.Blob, null, null, digest)
                : DistributionFile.Other;
        }
        if (parts.Length < 2 || parts[0] != "repositories") return DistributionFile.Other;
        // Repository name components never start with '_': the first one that does ends the name.
        var special = Array.FindIndex(parts, 1, p => p.StartsWith('_'));
        if (special < 2) return DistributionFile.Other;
        var repository = string.Join('/', parts[1..special]);
        return parts[special..] switch
        {
            ["_manifests", "tags", var tag, "current", "link"] => new DistributionFile(DistributionFileKind.TagLink, repository, tag, null),
            ["_manifests", "revisions", var revisionAlgorithm, var revisionHex, "link"] when Digest.TryParse($"{revisionAlgorithm}:{revisionHex}", out var revision) =>
                new DistributionFile(DistributionFileKind.RevisionLink, repository, null, revision),
            _ => DistributionFile.Other,
        };
    }

    /// <summary>The entry a link file's content and its place in the tree make; a problem when the link's content is no digest.</summary>
    public static ForeignEntry Link(string origin, DistributionFile file, string content)
    {
        if (!Digest.TryParse(content.Trim(), out var named)) return new ForeignProblem(origin, "the link does not hold a digest");
        if (file.Kind == DistributionFileKind.TagLink) return new ForeignTag(origin, file.Repository!, file.Tag!, named);
        return named == file.Digest
            ? new ForeignRevision(origin, file.Repository!, named)
            : new ForeignProblem(origin, $"the revision link names {named}, not the {file.Digest} its path says");
    }

    /// <summary>Link files hold one digest; anything longer is not one.</summary>
    public const int MaxLinkBytes = 1024;
}

public enum DistributionFileKind { Other, Blob, TagLink, RevisionLink }

public sealed record DistributionFile(DistributionFileKind Kind, string? Repository, string? Tag, Digest? Digest)
{
    public static DistributionFile Other { get; } = new(DistributionFileKind.Other, null, null, null);

    public bool IsLink => Kind is DistributionFileKind.TagLink or DistributionFileKind.RevisionLink;
}
