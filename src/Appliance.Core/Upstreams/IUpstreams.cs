using Appliance.Core.Names;

namespace Appliance.Core.Upstreams;

/// <summary>The configured upstreams: which local repositories are mirrors of which upstream repositories.</summary>
public interface IUpstreams
{
    /// <summary>Every configured upstream host.</summary>
    IReadOnlyList<IUpstreamRegistry> Registries { get; }

    /// <summary>The upstream a local repository mirrors (the most specific mapping wins), or null when none covers it.</summary>
    UpstreamRepository? Resolve(RepositoryName local);

    /// <summary>The upstream registry of a host (as the mapping spells it), or null when no mapping names that host.</summary>
    IUpstreamRegistry? Registry(string host);
}
