namespace Appliance.Core.ClusterConfig;

/// <summary>The OpenShift mirror resources: ImageDigestMirrorSet, ImageTagMirrorSet and the legacy ImageContentSourcePolicy.</summary>
public static class MirrorSetDocuments
{
    public static string ImageDigestMirrorSet(string name, IEnumerable<MirrorEntry> entries, MirrorSourcePolicy? policy) =>
        MirrorSet("config.openshift.io/v1", "ImageDigestMirrorSet", name, "imageDigestMirrors", entries, policy);

    public static string ImageTagMirrorSet(string name, IEnumerable<MirrorEntry> entries, MirrorSourcePolicy? policy) =>
        MirrorSet("config.openshift.io/v1", "ImageTagMirrorSet", name, "imageTagMirrors", entries, policy);

    /// <summary>ICSP has no source policy: only clusters before 4.13 need it, and they ignore IDMS.</summary>
    public static string ImageContentSourcePolicy(string name, IEnumerable<MirrorEntry> entries) =>
        MirrorSet("operator.openshift.io/v1alpha1", "ImageContentSourcePolicy", name, "repositoryDigestMirrors", entries, policy: null);

    private static string MirrorSet(string apiVersion, string kind, string name, string listKey, IEnumerable<MirrorEntry> entries,
        MirrorSourcePolicy? policy)
    {
        var yaml = new YamlWriter()
            .Scalar(0, "apiVersion", apiVersion)
            .Scalar(0, "kind", kind)
            .Open(0, "metadata").Scalar(2, "name", name)
            .Open(0, "spec").Open(2, listKey);
        foreach (var entry in entries) WriteEntry(yaml, 4, entry, policy);
        return yaml.ToString();
    }

    /// <summary>One list item <c>- source: ... mirrors: [...]</c> (and the policy when set) at <paramref name="indent"/>.</summary>
    public static void WriteEntry(YamlWriter yaml, int indent, MirrorEntry entry, MirrorSourcePolicy? policy)
    {
        yaml.Scalar(indent, "source", entry.Source, listItem: true).Open(indent, "mirrors").Items(indent, entry.Mirrors);
        if (policy is { } value) yaml.Scalar(indent, "mirrorSourcePolicy", value.ToString());
    }
}
