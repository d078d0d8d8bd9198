namespace Appliance.Core.Upstreams;

/// <summary>Where a local repository's content comes from: an upstream registry and the repository path there.</summary>
public sealed record UpstreamRepository(IUpstreamRegistry Registry, string Repository)
{
    public override string ToString() => $"{Registry.Host}/{Repository}";
}
