using Appliance.Core.ClusterConfig;
using Appliance.Core.Names;
using Appliance.Core.Releases;

namespace Appliance.Core.Upstreams;

/// <summary>
/// The reverse of <see cref="MirrorMap"/>: from a repository of this registry to the upstream repository it mirrors, by
/// the same <c>SOURCE=MIRROR</c> pairs. MIRROR may name this registry's host (<c>registry.example.com:8443/ocp4</c>, as
/// <c>cluster-config --source</c> takes it) or be a bare repository prefix (<c>ocp4</c>); the longest prefix wins.
/// </summary>
public sealed class UpstreamMap
{
    private readonly IReadOnlyList<(string LocalPrefix, string Host, string UpstreamPrefix)> mappings;

    public UpstreamMap(IEnumerable<MirrorSource> sources)
    {
        mappings = sources.Select(Reverse).OrderByDescending(m => m.LocalPrefix.Length).ToArray();
    }

    /// <summary>The hosts the mapping names, each once.</summary>
    public IReadOnlyList<string> Hosts => mappings.Select(m => m.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>The upstream host and repository path of a local repository, or null when no pair covers it.</summary>
    public (string Host, string Repository)? Resolve(RepositoryName local)
    {
        var name = local.Value;
        foreach (var (prefix, host, upstreamPrefix) in mappings)
        {
            string rest;
            if (name == prefix) rest = "";
            else if (prefix.Length == 0) rest = name;
            // Checked in place rather than with StartsWith(prefix + "/"): this runs on every pull when upstreams are set.
            else if (name.Length > prefix.Length && name[prefix.Length] == '/' && name.StartsWith(prefix, StringComparison.Ordinal)) rest = name[(prefix.Length + 1)..];
            else continue;
            var upstream = upstreamPrefix.Length == 0 ? rest : rest.Length == 0 ? upstreamPrefix : $"{upstreamPrefix}/{rest}";
            if (upstream.Length == 0) continue;
            return (host, upstream);
        }
        return null;
    }

    private static (string LocalPrefix, string Host, string UpstreamPrefix) Reverse(MirrorSource pair)
    {
        var slash = pair.Source.IndexOf('/');
        var host = slash < 0 ? pair.Source : pair.Source[..slash];
        if (!ImageReference.LooksLikeHost(host))
        {
            throw new FormatException($"'{pair.Source}={pair.Mirror}': the source must start with the upstream's host (for example quay.io/openshift-release-dev)");
        }
        var upstreamPrefix = slash < 0 ? "" : pair.Source[(slash + 1)..];
        var mirrorSlash = pair.Mirror.IndexOf('/');
        var localPrefix = mirrorSlash > 0 && ImageReference.LooksLikeHost(pair.Mirror[..mirrorSlash]) ? pair.Mirror[(mirrorSlash + 1)..]
            : ImageReference.LooksLikeHost(pair.Mirror) ? ""
            : pair.Mirror;
        if (localPrefix.Length > 0 && !RepositoryName.TryParse(localPrefix, out _))
        {
            throw new FormatException($"'{pair.Source}={pair.Mirror}': '{localPrefix}' is not a repository path of this registry");
        }
        return (localPrefix, host, upstreamPrefix);
    }
}
