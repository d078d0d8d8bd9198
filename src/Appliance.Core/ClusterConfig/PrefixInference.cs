using System.Text.RegularExpressions;

namespace Appliance.Core.ClusterConfig;

/// <summary>
/// Which source each repository under <c>&lt;registry&gt;/&lt;prefix&gt;/</c> was mirrored from, the way oc-mirror lays
/// mirrors out: <c>&lt;prefix&gt;/&lt;path of the source image below its registry host&gt;</c>. The host is not in the path,
/// so it is inferred per namespace (the first path segment), in this order:
/// <list type="number">
/// <item>oc-mirror's release layout: <c>openshift/release-images</c> is quay.io/openshift-release-dev/ocp-release and
/// <c>openshift/release</c> is quay.io/openshift-release-dev/ocp-v4.0-art-dev;</item>
/// <item>a source the admin names (<c>HOST/PATH</c>) covers the repositories under PATH, the longest PATH first;</item>
/// <item>namespace <c>openshift-release-dev</c> is quay.io (<c>oc adm release mirror</c> to the same path);</item>
/// <item>any other namespace is registry.redhat.io, where Red Hat operator catalogs and images come from; the UBI and
/// RHEL base image namespaces (ubi9, rhel9, ...) are also served by registry.access.redhat.com, so they get both.</item>
/// </list>
/// A repository directly under the prefix (no namespace) has no inferable source and is reported as uncovered.
/// </summary>
public static partial class PrefixInference
{
    public const string ReleaseSource = "quay.io/openshift-release-dev/ocp-release";
    public const string ReleaseComponentsSource = "quay.io/openshift-release-dev/ocp-v4.0-art-dev";
    public const string DefaultRegistry = "registry.redhat.io";
    public const string AccessRegistry = "registry.access.redhat.com";

    private static readonly Dictionary<string, string> OcMirrorReleaseRepositories = new(StringComparer.Ordinal)
    {
        ["openshift/release-images"] = ReleaseSource,
        ["openshift/release"] = ReleaseComponentsSource,
    };

    /// <param name="registryHost">this registry as clients reach it (host:port)</param>
    /// <param name="prefix">the repository prefix the content was mirrored under; empty for the registry's root</param>
    /// <param name="repositories">the registry's repositories</param>
    /// <param name="namedSources">sources the admin names, <c>HOST/PATH</c>, mirrored under the prefix by their PATH</param>
    public static IReadOnlyList<MirrorSource> Infer(string registryHost, string prefix, IEnumerable<string> repositories, IEnumerable<string> namedSources)
    {
        prefix = prefix.Trim('/');
        var named = namedSources.Select(ParseNamed).OrderByDescending(s => s.Path.Length).ToList();
        var mirrorRoot = prefix.Length == 0 ? registryHost : $"{registryHost}/{prefix}";
        var sources = new List<MirrorSource>();
        foreach (var repository in repositories)
        {
            if (RelativePath(repository, prefix) is not { } path) continue;
            sources.AddRange(SourcesOf(path, named, mirrorRoot));
        }
        return sources.Distinct().OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Mirror, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<MirrorSource> SourcesOf(string path, List<(string Source, string Path)> named, string mirrorRoot)
    {
        if (OcMirrorReleaseRepositories.TryGetValue(path, out var release))
        {
            yield return new MirrorSource(release, $"{mirrorRoot}/{path}");
            yield break;
        }
        if (named.FirstOrDefault(n => path == n.Path || path.StartsWith(n.Path + "/", StringComparison.Ordinal)) is { Source: not null } match)
        {
            yield return new MirrorSource(match.Source, $"{mirrorRoot}/{match.Path}");
            yield break;
        }
        var slash = path.IndexOf('/');
        if (slash < 0) yield break;
        var ns = path[..slash];
        var mirror = $"{mirrorRoot}/{ns}";
        if (ns == "openshift-release-dev")
        {
            yield return new MirrorSource($"quay.io/{ns}", mirror);
            yield break;
        }
        yield return new MirrorSource($"{DefaultRegistry}/{ns}", mirror);
        if (BaseImageNamespace().IsMatch(ns)) yield return new MirrorSource($"{AccessRegistry}/{ns}", mirror);
    }

    private static string? RelativePath(string repository, string prefix) =>
        prefix.Length == 0 ? repository
        : repository.StartsWith(prefix + "/", StringComparison.Ordinal) ? repository[(prefix.Length + 1)..]
        : null;

    private static (string Source, string Path) ParseNamed(string source)
    {
        var slash = source.IndexOf('/');
        if (slash <= 0 || slash == source.Length - 1 || source.EndsWith('/') || source.Contains('@'))
        {
            throw new FormatException($"'{source}' is not a source HOST/PATH (for example quay.io/myorg) to find under the prefix");
        }
        return (source, source[(slash + 1)..]);
    }

    [GeneratedRegex("^(ubi|rhel)[0-9]+$")]
    private static partial Regex BaseImageNamespace();
}
