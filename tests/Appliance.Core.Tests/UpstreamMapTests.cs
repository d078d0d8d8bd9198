using Appliance.Core.ClusterConfig;
using Appliance.Core.Names;
using Appliance.Core.Upstreams;

namespace Appliance.Core.Tests;

public sealed class UpstreamMapTests
{
    private static readonly UpstreamMap Map = new([
        MirrorSource.Parse("quay.io/openshift-release-dev=registry.example.com:8443/ocp4"),
        MirrorSource.Parse("quay.io/openshift-release-dev/ocp-release=ocp4/releases"),
        MirrorSource.Parse("registry.redhat.io=registry.example.com:8443"),
    ]);

    [Theory]
    [InlineData("ocp4/ocp-v4.0-art-dev", "quay.io", "openshift-release-dev/ocp-v4.0-art-dev")]
    [InlineData("ocp4/releases", "quay.io", "openshift-release-dev/ocp-release")]
    [InlineData("ocp4/releases/deeper", "quay.io", "openshift-release-dev/ocp-release/deeper")]
    [InlineData("ocp4x/app", "registry.redhat.io", "ocp4x/app")]
    [InlineData("ocp4", "quay.io", "openshift-release-dev")]
    [InlineData("redhat/redhat-operator-index", "registry.redhat.io", "redhat/redhat-operator-index")]
    public void Resolves_by_the_longest_local_prefix_on_path_boundaries(string local, string host, string upstream)
    {
        var resolved = Map.Resolve(RepositoryName.Parse(local));
        Assert.Equal(host, resolved?.Host);
        Assert.Equal(upstream, resolved?.Repository);
    }

    [Fact]
    public void Covers_nothing_without_a_pair() => Assert.Null(new UpstreamMap([]).Resolve(RepositoryName.Parse("ocp4/app")));
}
