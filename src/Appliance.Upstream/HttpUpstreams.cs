using Appliance.Core.ClusterConfig;
using Appliance.Core.Names;
using Appliance.Core.Upstreams;

namespace Appliance.Upstream;

/// <summary>The configured upstreams: one <see cref="HttpUpstreamRegistry"/> per host the mappings name, with that host's credentials.</summary>
public sealed class HttpUpstreams : IUpstreams, IDisposable
{
    private readonly UpstreamMap _map;
    private readonly Dictionary<string, HttpUpstreamRegistry> _registries;

    /// <summary>Call after <see cref="UpstreamOptionsValidation.Validate"/>: settings that do not hold throw here.</summary>
    public HttpUpstreams(UpstreamOptions options, TimeProvider clock)
    {
        _map = new UpstreamMap(options.Mappings.Select(MirrorSource.Parse));
        var credentials = options.PullSecretFile is { Length: > 0 } file
            ? UpstreamCredentials.ReadPullSecret(file)
            : new Dictionary<string, UpstreamCredentials>();
        _registries = _map.Hosts.ToDictionary(host => host,
            host => new HttpUpstreamRegistry(host, options.For(host), options.HttpsProxy, credentials.GetValueOrDefault(host), options.RequestTimeout, clock),
            StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<IUpstreamRegistry> Registries => [.. _registries.Values];

    public UpstreamRepository? Resolve(RepositoryName local) =>
        _map.Resolve(local) is var (host, repository) ? new UpstreamRepository(_registries[host], repository) : null;

    public IUpstreamRegistry? Registry(string host) => _registries.GetValueOrDefault(host);

    public void Dispose()
    {
        foreach (var registry in _registries.Values) registry.Dispose();
    }
}
