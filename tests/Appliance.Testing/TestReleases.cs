using System.Text.Json;

namespace Appliance.Testing;

/// <summary>
/// Synthetic OpenShift release images with the real structure: an ordinary layer plus a payload layer (gzip tar) holding
/// <c>release-manifests/image-references</c> (an ImageStream naming every component by digest) and
/// <c>release-manifests/release-metadata</c>, as <c>oc adm release new</c> builds them.
/// </summary>
public static class TestReleases
{
    public const string ReleaseSource = "quay.io/openshift-release-dev/ocp-release";
    public const string ComponentSource = "quay.io/openshift-release-dev/ocp-v4.0-art-dev";

    /// <summary>Small real images to stand in for the components (operators, machine-os-content, ...).</summary>
    public static IReadOnlyList<(string Name, TestImage Image)> Components(int count, int seed) =>
        Enumerable.Range(0, count).Select(i => ($"component-{seed}-{i:D2}", TestImages.Image(1, 256, seed * 100 + i))).ToList();

    /// <param name="componentSource">The repository the payload names the components in (<see cref="ComponentSource"/> unless given).</param>
    public static TestImage Release(string version, IEnumerable<(string Name, TestImage Image)> components, int seed, string architecture = "amd64",
        string componentSource = ComponentSource) =>
        TestImages.ImageOf([TestImages.Layer(1024, seed), PayloadLayer(version, components, componentSource)], docker: false, architecture, seed,
            new Dictionary<string, string> { ["io.openshift.release"] = version });

    public static TestBlob PayloadLayer(string version, IEnumerable<(string Name, TestImage Image)> components, string componentSource = ComponentSource)
    {
        var imageReferences = JsonSerializer.SerializeToUtf8Bytes(new
        {
            kind = "ImageStream", apiVersion = "image.openshift.io/v1",
            metadata = new { name = version, creationTimestamp = (string?)null },
            spec = new
            {
                tags = components.Select(c => new
                {
                    name = c.Name,
                    annotations = new Dictionary<string, string> { ["io.openshift.build.source-location"] = "https://github.com/openshift/example" },
                    from = new { kind = "DockerImage", name = $"{componentSource}@{c.Image.Digest}" },
                }),
            },
        });
        var metadata = JsonSerializer.SerializeToUtf8Bytes(new { kind = "cincinnati-metadata-v0", version, previous = new[] { "4.16.0" } });
        return TestImages.LayerOf([
            ("release-manifests/0000_00_cluster-version-operator_00_namespace.yaml", "apiVersion: v1\nkind: Namespace\n"u8.ToArray()),
            ("release-manifests/image-references", imageReferences),
            ("release-manifests/release-metadata", metadata),
        ]);
    }
}
