namespace Appliance.Core.ClusterConfig;

/// <summary>
/// One <c>SOURCE=MIRROR</c> pair, e.g. <c>quay.io/openshift-release-dev=registry.example.com:8443/ocp4</c>: images under
/// SOURCE (a registry host with an optional repository path) are mirrored under MIRROR (this registry's host and a
/// repository prefix), keeping the rest of their path, as <c>oc adm release mirror</c> and oc-mirror lay them out.
/// </summary>
public sealed record MirrorSource(string Source, string Mirror)
{
    public static MirrorSource Parse(string text)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || parts.Any(p => p.Contains('@') || p.EndsWith('/')))
        {
            throw new FormatException($"'{text}' is not SOURCE=MIRROR (for example quay.io/openshift-release-dev=registry.example.com:8443/ocp4)");
        }
        return new MirrorSource(parts[0], parts[1]);
    }

    /// <summary>The mirror of a source repository (host included, no tag or digest), or null when this pair does not cover it.</summary>
    public string? MirrorOf(string sourceRepository)
    {
        if (sourceRepository == Source) return Mirror;
        return sourceRepository.StartsWith(Source + "/", StringComparison.Ordinal) ? Mirror + sourceRepository[Source.Length..] : null;
    }

    /// <summary>The repository path inside the mirror registry: MIRROR without its host.</summary>
    public static string RepositoryPath(string mirrorRepository)
    {
        var slash = mirrorRepository.IndexOf('/');
        return slash < 0 ? "" : mirrorRepository[(slash + 1)..];
    }
}
