using Appliance.Registry.Hosting;
using Appliance.Testing;
using YamlDotNet.RepresentationModel;

namespace Appliance.Registry.Tests;

/// <summary>
/// <c>icsp-to-idms</c>, run as the real executable, turns ImageContentSourcePolicy files into the ImageDigestMirrorSet
/// <c>oc adm migrate icsp</c> documents: same name, and each repositoryDigestMirrors entry as an imageDigestMirrors entry.
/// </summary>
public sealed class IcspToIdmsCommandTests : IDisposable
{
    private readonly TestDirectory _work = new("appliance-icsp");

    // Two policies in one file (flow and block style), a non-ICSP document in between, and a second file.
    private const string MultiDocument = """
        apiVersion: operator.openshift.io/v1alpha1
        kind: ImageContentSourcePolicy
        metadata:
          name: release-0
        spec:
          repositoryDigestMirrors:
          - mirrors:
            - mirror.example.com:8443/ocp4/openshift/release
            source: quay.io/openshift-release-dev/ocp-v4.0-art-dev
          - source: "quay.io/openshift-release-dev/ocp-release"
            mirrors: [mirror.example.com:8443/ocp4/openshift/release-images, backup.example.com/release-images]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: unrelated}
        ---
        {"apiVersion": "operator.openshift.io/v1alpha1", "kind": "ImageContentSourcePolicy", "metadata": {"name": "operator-0"},
         "spec": {"repositoryDigestMirrors": [{"source": "registry.redhat.io/redhat", "mirrors": ["mirror.example.com:8443/ocp4/redhat"]}]}}
        """;

    [Fact]
    public async Task Each_policy_becomes_an_image_digest_mirror_set_of_the_same_name()
    {
        var input = _work.Combine("icsp.yaml");
        File.WriteAllText(input, MultiDocument);
        var output = _work.Combine("out");
        (await RunAsync("icsp-to-idms", input, "--out", output)).EnsureSuccess("icsp-to-idms");

        var release = Load(Path.Combine(output, "imagedigestmirrorset_release-0.yaml"));
        Assert.Equal("config.openshift.io/v1", Text(release, "apiVersion"));
        Assert.Equal("ImageDigestMirrorSet", Text(release, "kind"));
        Assert.Equal("release-0", Text((YamlMappingNode)release.Children["metadata"], "name"));
        var entries = ((YamlSequenceNode)((YamlMappingNode)release.Children["spec"]).Children["imageDigestMirrors"]).Cast<YamlMappingNode>().ToList();
        Assert.Equal(
        [
            "quay.io/openshift-release-dev/ocp-v4.0-art-dev <- mirror.example.com:8443/ocp4/openshift/release",
            "quay.io/openshift-release-dev/ocp-release <- mirror.example.com:8443/ocp4/openshift/release-images, backup.example.com/release-images",
        ], entries.Select(e => $"{Text(e, "source")} <- {string.Join(", ", ((YamlSequenceNode)e.Children["mirrors"]).Select(m => ((YamlScalarNode)m).Value))}"));
        Assert.All(entries, e => Assert.Equal(2, e.Children.Count));

        var operators = Load(Path.Combine(output, "imagedigestmirrorset_operator-0.yaml"));
        Assert.Equal("operator-0", Text((YamlMappingNode)operators.Children["metadata"], "name"));
        Assert.Equal(2, Directory.GetFiles(output).Length);
    }

    [Fact]
    public async Task Without_out_the_documents_are_printed_and_broken_input_is_an_error()
    {
        var input = _work.Combine("icsp.yaml");
        File.WriteAllText(input, MultiDocument);
        var printed = (await RunAsync("icsp-to-idms", input)).EnsureSuccess("icsp-to-idms");
        var stream = new YamlStream();
        stream.Load(new StringReader(printed.StandardOutput));
        Assert.Equal(2, stream.Documents.Count);

        var broken = _work.Combine("broken.yaml");
        File.WriteAllText(broken, "kind: [unclosed");
        var failed = await RunAsync("icsp-to-idms", broken);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("not valid YAML", failed.StandardError);
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, .. arguments]);

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static string? Text(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[key]).Value;

    public void Dispose() => _work.Dispose();
}
