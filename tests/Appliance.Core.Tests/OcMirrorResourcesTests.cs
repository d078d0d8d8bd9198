using System.Text;
using Appliance.Core.ClusterConfig;
using Appliance.Core.Content;

namespace Appliance.Core.Tests;

public sealed class OcMirrorResourcesTests
{
    private static readonly string Release = new('a', 64);
    private static readonly string Other = new('b', 64);

    [Fact]
    public void A_catalog_source_is_named_as_oc_mirror_names_it_and_points_at_this_registry()
    {
        var (file, yaml) = OcMirrorResources.CatalogSource("mirror.example.com:8443/ocp4/redhat/redhat-operator-index", "v4.16");
        Assert.Equal("cs-redhat-operator-index-v4-16.yaml", file);
        Assert.Equal("""
            apiVersion: operators.coreos.com/v1alpha1
            kind: CatalogSource
            metadata:
              name: cs-redhat-operator-index-v4-16
              namespace: openshift-marketplace
            spec:
              sourceType: grpc
              image: mirror.example.com:8443/ocp4/redhat/redhat-operator-index:v4.16

            """.ReplaceLineEndings("\n"), yaml);

        var (byDigest, digestYaml) = OcMirrorResources.CatalogSource("host/ocp4/certified-operator-index", $"sha256:{Release}");
        Assert.Equal("cs-certified-operator-index-aaaaaaaaaaaa.yaml", byDigest);
        Assert.Contains($"image: host/ocp4/certified-operator-index@sha256:{Release}", digestYaml);
    }

    [Fact]
    public void The_signature_config_map_holds_each_mirrored_release_signature_once()
    {
        var signatures = new[]
        {
            ($"4.16.3-x86_64-sha256-{Release}", Encoding.ASCII.GetBytes("signed")),
            ($"4.16.3-x86_64-again-sha256-{Release}", Encoding.ASCII.GetBytes("signed")),
            ($"4.17.0-x86_64-sha256-{Other}", Encoding.ASCII.GetBytes("not mirrored here")),
            ("README", Encoding.ASCII.GetBytes("?")),
        };
        var yaml = OcMirrorResources.SignatureConfigMap(signatures, digest => digest.Hex == Release, out var ignored);

        Assert.Equal($"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: mirrored-release-signatures
              namespace: openshift-config-managed
              labels:
                release.openshift.io/verification-signatures: ""
            binaryData:
              sha256-{Release}-1: {YamlWriter.Quote(Convert.ToBase64String(Encoding.ASCII.GetBytes("signed")))}

            """.ReplaceLineEndings("\n"), yaml);
        Assert.Equal(["README"], ignored);
        Assert.Null(OcMirrorResources.SignatureConfigMap(signatures, _ => false, out _));
    }
}
