using Appliance.Core.ClusterConfig;

namespace Appliance.Core.Tests;

public sealed class MirrorSourceTests
{
    [Theory]
    [InlineData("quay.io/openshift-release-dev", "quay.io/openshift-release-dev/ocp-release", "registry.example.com:8443/ocp4/ocp-release")]
    [InlineData("quay.io/openshift-release-dev", "quay.io/openshift-release-dev", "registry.example.com:8443/ocp4")]
    [InlineData("quay.io/openshift-release-dev", "quay.io/openshift-release-dev-other/x", null)]
    [InlineData("registry.redhat.io", "registry.redhat.io/redhat/redhat-operator-index", "registry.example.com:8443/ocp4/redhat/redhat-operator-index")]
    public void Maps_repositories_under_the_source_and_nothing_else(string source, string repository, string? expected)
    {
        var pair = MirrorSource.Parse($"{source}=registry.example.com:8443/ocp4");
        Assert.Equal(expected, pair.MirrorOf(repository));
    }

    [Theory]
    [InlineData("quay.io")]
    [InlineData("=mirror")]
    [InlineData("quay.io/x@sha256:abc=mirror")]
    [InlineData("quay.io/x/=mirror")]
    public void Refuses_what_is_not_a_pair(string text) => Assert.Throws<FormatException>(() => MirrorSource.Parse(text));

    [Fact]
    public void Repository_path_drops_the_host() =>
        Assert.Equal("ocp4/ocp-release", MirrorSource.RepositoryPath("registry.example.com:8443/ocp4/ocp-release"));
}
