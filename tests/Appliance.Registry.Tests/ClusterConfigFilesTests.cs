using Appliance.Core.ClusterConfig;
using YamlDotNet.RepresentationModel;

namespace Appliance.Registry.Tests;

/// <summary>The generated YAML parses (YamlDotNet) into exactly the fields OpenShift's resources define.</summary>
public sealed class ClusterConfigFilesTests
{
    private const string Registry = "mirror.example.com:8443";
    private const string Ca = "-----BEGIN CERTIFICATE-----\nMIIBfake+/=\n-----END CERTIFICATE-----\n";

    private static readonly MirroredRepository[] Repositories =
    [
        new("ocp4/openshift/release-images", HasTags: true),
        new("ocp4/openshift/release", HasTags: false),
        new("ocp4/redhat/redhat-operator-index", HasTags: true),
        new("ocp4/ubi9/ubi-minimal", HasTags: false),
        new("ocp4/myorg/tool", HasTags: false),
        new("ocp4/lonely", HasTags: true),
        new("scratch/app", HasTags: true),
    ];

    private static ClusterConfigResult Generate(MirrorSourcePolicy? policy = null, bool legacy = false, string[]? named = null) =>
        ClusterConfigGenerator.Generate(new ClusterConfigRequest(Registry, Ca, [], "ocp4", named ?? ["quay.io/myorg"], policy, legacy), Repositories);

    [Fact]
    public void Prefix_inference_follows_the_oc_mirror_layout_and_names_what_it_does_not_cover()
    {
        var result = Generate();
        Assert.Equal(
        [
            $"quay.io/myorg -> {Registry}/ocp4/myorg",
            $"quay.io/openshift-release-dev/ocp-release -> {Registry}/ocp4/openshift/release-images",
            $"quay.io/openshift-release-dev/ocp-v4.0-art-dev -> {Registry}/ocp4/openshift/release",
            $"registry.access.redhat.com/ubi9 -> {Registry}/ocp4/ubi9",
            $"registry.redhat.io/redhat -> {Registry}/ocp4/redhat",
            $"registry.redhat.io/ubi9 -> {Registry}/ocp4/ubi9",
        ], result.Rules.Select(r => $"{r.Source} -> {r.Mirror}").Order(StringComparer.Ordinal));
        Assert.Equal(["ocp4/lonely", "scratch/app"], result.UncoveredRepositories);
        Assert.Equal(["quay.io/openshift-release-dev/ocp-release", "registry.redhat.io/redhat"], result.Rules.Where(r => r.ByTag).Select(r => r.Source).Order());
    }

    [Fact]
    public void Idms_and_itms_carry_source_mirrors_and_the_policy_when_set()
    {
        var files = Generate(MirrorSourcePolicy.NeverContactSource).Files;
        var idms = Load(files["idms.yaml"]);
        AssertKeys(idms, "apiVersion", "kind", "metadata", "spec");
        Assert.Equal("config.openshift.io/v1", Text(idms, "apiVersion"));
        Assert.Equal("ImageDigestMirrorSet", Text(idms, "kind"));
        Assert.Equal("appliance-mirror", Text(Map(idms, "metadata"), "name"));
        AssertKeys(Map(idms, "spec"), "imageDigestMirrors");
        var digest = Items(Map(idms, "spec"), "imageDigestMirrors");
        Assert.Equal(6, digest.Count);
        foreach (var entry in digest)
        {
            AssertKeys(entry, "source", "mirrors", "mirrorSourcePolicy");
            Assert.Equal("NeverContactSource", Text(entry, "mirrorSourcePolicy"));
        }
        var release = digest.Single(e => Text(e, "source") == "quay.io/openshift-release-dev/ocp-release");
        Assert.Equal([$"{Registry}/ocp4/openshift/release-images"], ((YamlSequenceNode)release.Children["mirrors"]).Select(m => ((YamlScalarNode)m).Value));

        var itms = Load(files["itms.yaml"]);
        Assert.Equal("ImageTagMirrorSet", Text(itms, "kind"));
        Assert.Equal(["quay.io/openshift-release-dev/ocp-release", "registry.redhat.io/redhat"],
            Items(Map(itms, "spec"), "imageTagMirrors").Select(e => Text(e, "source")).Order());

        var unset = Load(Generate().Files["idms.yaml"]);
        Assert.All(Items(Map(unset, "spec"), "imageDigestMirrors"), e => AssertKeys(e, "source", "mirrors"));
    }

    [Fact]
    public void Itms_only_for_tagged_sources_and_icsp_only_when_legacy()
    {
        var untagged = ClusterConfigGenerator.Generate(
            new ClusterConfigRequest(Registry, Ca, [MirrorSource.Parse($"quay.io/org={Registry}/org")], null, [], null, false), [new("org/a", false)]);
        Assert.DoesNotContain("itms.yaml", untagged.Files.Keys);
        Assert.DoesNotContain("icsp.yaml", untagged.Files.Keys);

        var icsp = Load(Generate(MirrorSourcePolicy.NeverContactSource, legacy: true).Files["icsp.yaml"]);
        Assert.Equal("operator.openshift.io/v1alpha1", Text(icsp, "apiVersion"));
        Assert.Equal("ImageContentSourcePolicy", Text(icsp, "kind"));
        AssertKeys(Map(icsp, "spec"), "repositoryDigestMirrors");
        Assert.All(Items(Map(icsp, "spec"), "repositoryDigestMirrors"), e => AssertKeys(e, "source", "mirrors"));
    }

    [Fact]
    public void Install_config_snippet_and_ca_config_map()
    {
        var files = Generate().Files;
        var snippet = Load(files["install-config-snippet.yaml"]);
        AssertKeys(snippet, "additionalTrustBundle", "imageDigestSources");
        Assert.Equal(Ca, Text(snippet, "additionalTrustBundle"));
        Assert.All(Items(snippet, "imageDigestSources"), e => AssertKeys(e, "source", "mirrors"));

        var configMap = Load(files["image-config-ca.yaml"]);
        Assert.Equal("ConfigMap", Text(configMap, "kind"));
        Assert.Equal("v1", Text(configMap, "apiVersion"));
        Assert.Equal("openshift-config", Text(Map(configMap, "metadata"), "namespace"));
        AssertKeys(Map(configMap, "data"), "mirror.example.com..8443");
        Assert.Equal(Ca, Text(Map(configMap, "data"), "mirror.example.com..8443"));
        Assert.Contains("oc patch image.config.openshift.io/cluster --type merge -p '{\"spec\":{\"additionalTrustedCA\":{\"name\":\"appliance-registry-ca\"}}}'",
            files["image-config-ca.yaml"]);
        Assert.Equal(Ca, files["ca.crt"]);
        foreach (var name in files.Keys.Where(n => n != "README.txt")) Assert.Contains(name, files["README.txt"]);
        Assert.Contains("update-ca-trust", files["README.txt"]);
        Assert.Contains("update-ca-certificates", files["README.txt"]);
    }

    [Fact]
    public void The_ca_config_map_names_every_host_the_mirrors_use()
    {
        var result = ClusterConfigGenerator.Generate(new ClusterConfigRequest(Registry, Ca,
            [MirrorSource.Parse("quay.io/a=10.0.0.5:8443/a"), MirrorSource.Parse($"quay.io/b={Registry}/b")], null, [], null, false), []);
        var data = Map(Load(result.Files["image-config-ca.yaml"]), "data");
        AssertKeys(data, "mirror.example.com..8443", "10.0.0.5..8443");
        Assert.All(data.Children.Values, v => Assert.Equal(Ca, ((YamlScalarNode)v).Value));
    }

    [Fact]
    public void Yaml_quotes_what_would_otherwise_change_meaning()
    {
        Assert.Equal("k: quay.io/openshift-release-dev\n", new YamlWriter().Scalar(0, "k", "quay.io/openshift-release-dev").ToString());
        foreach (var value in new[] { "yes", "10.0.0.1:5000/x", "a: b", "#x", "null", "1e3", "x:", "ünïcode \"q\"" })
        {
            var yaml = new YamlWriter().Scalar(0, "k", value).ToString();
            var node = Load(yaml);
            Assert.Equal(value, Text(node, "k"));
            Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, ((YamlScalarNode)node.Children["k"]).Style);
        }
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[key];

    private static string? Text(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[key]).Value;

    private static List<YamlMappingNode> Items(YamlMappingNode node, string key) => ((YamlSequenceNode)node.Children[key]).Cast<YamlMappingNode>().ToList();

    private static void AssertKeys(YamlMappingNode node, params string[] keys) =>
        Assert.Equal(keys.Order(), node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
}
