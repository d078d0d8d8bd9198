using Appliance.Core.ClusterConfig;
using Appliance.Core.Releases;

namespace Appliance.Core.Tests;

public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("quay.io/openshift-release-dev/ocp-release:4.16.3-x86_64", "quay.io", "openshift-release-dev/ocp-release", "4.16.3-x86_64")]
    [InlineData("registry.example.com:8443/ocp4/openshift/release-images@" + Digest, "registry.example.com:8443", "ocp4/openshift/release-images", Digest)]
    [InlineData("localhost/ocp4/release:latest", "localhost", "ocp4/release", "latest")]
    [InlineData("[::1]:5000/ocp4/release:4.16", "[::1]:5000", "ocp4/release", "4.16")]
    [InlineData("ocp4/openshift/release-images:4.16.3", null, "ocp4/openshift/release-images", "4.16.3")]
    public void Splits_host_repository_and_tag_or_digest(string text, string? host, string path, string reference)
    {
        var parsed = ImageReference.Parse(text);
        Assert.Equal((host, path, reference), (parsed.Host, parsed.Path, parsed.Reference.ToString()));
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData("quay.io/ocp-release")]
    [InlineData("quay.io/ocp-release@sha256:abc")]
    [InlineData("quay.io/OCP/release:4.16")]
    [InlineData("quay.io/ocp/release:-bad")]
    public void Refuses_what_is_not_a_reference(string text) => Assert.Throws<FormatException>(() => ImageReference.Parse(text));

    [Theory]
    [InlineData("Registry.Example.com:8443", "registry.example.com")]
    [InlineData("[::1]:8443", "::1")]
    [InlineData("127.0.0.1:8443", "127.0.0.1")]
    [InlineData("::1", "::1")]
    public void Host_names_compare_without_port_and_case(string host, string expected) => Assert.Equal(expected, ImageReference.CanonicalHostName(host));

    [Fact]
    public void The_most_specific_source_wins_and_this_registrys_own_host_is_dropped()
    {
        var map = new MirrorMap(
            [
                MirrorSource.Parse("quay.io/openshift-release-dev=mirror.example.com:8443/ocp4"),
                MirrorSource.Parse("quay.io/openshift-release-dev/ocp-release=mirror.example.com:8443/ocp4/openshift/release-images"),
            ],
            host => host == "mirror.example.com");
        Assert.Equal("ocp4/openshift/release-images", map.Map("quay.io/openshift-release-dev/ocp-release")!.Repository.Value);
        Assert.Equal("mirror.example.com:8443/ocp4/ocp-v4.0-art-dev", map.Map("quay.io/openshift-release-dev/ocp-v4.0-art-dev")!.MirrorName);
        Assert.Equal("ocp4/release", map.Map("Mirror.Example.com:8443/ocp4/release")!.Repository.Value);
        Assert.Equal("ocp4/release", map.Map("ocp4/release")!.Repository.Value);
        Assert.Null(map.Map("registry.redhat.io/ubi9/ubi"));
    }
}
