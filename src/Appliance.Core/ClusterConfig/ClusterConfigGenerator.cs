using System.Text;

namespace Appliance.Core.ClusterConfig;

/// <summary>
/// The files that connect a cluster (and hosts) to this registry, from the mapping and the registry's repositories.
/// Pure: everything it needs is in its arguments.
/// </summary>
public static class ClusterConfigGenerator
{
    public const string ResourceName = "appliance-mirror";
    public const string CaConfigMapName = "appliance-registry-ca";

    public static ClusterConfigResult Generate(ClusterConfigRequest request, IReadOnlyList<MirroredRepository> repositories)
    {
        var sources = request.Sources.ToList();
        if (request.Prefix is { } prefix)
        {
            sources.AddRange(PrefixInference.Infer(request.RegistryHost, prefix, repositories.Select(r => r.Name), request.NamedSources));
        }
        if (sources.Count == 0) throw new ArgumentException("no mirror sources: give --source SOURCE=MIRROR, or --prefix with mirrored repositories under it");
        var rules = sources.Distinct().Select(s => new MirrorRule(s.Source, s.Mirror, repositories.Any(r => r.HasTags && Covers(s, r.Name)))).ToList();
        var uncovered = repositories.Where(r => !sources.Any(s => Covers(s, r.Name))).Select(r => r.Name).ToList();
        return new ClusterConfigResult(Render(request, rules, uncovered), rules, uncovered);
    }

    /// <summary>Whether the repository (in this registry, no host) is at or under the mirror's repository path.</summary>
    private static bool Covers(MirrorSource source, string repository)
    {
        var path = MirrorSource.RepositoryPath(source.Mirror);
        return path.Length == 0 || repository == path || repository.StartsWith(path + "/", StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Render(ClusterConfigRequest request, List<MirrorRule> rules, List<string> uncovered)
    {
        var digest = Entries(rules);
        var tagged = Entries(rules.Where(r => r.ByTag));
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["install-config-snippet.yaml"] = InstallConfigSnippet(request.CaCertificatePem, digest),
            ["idms.yaml"] = MirrorSetDocuments.ImageDigestMirrorSet(ResourceName, digest, request.Policy),
        };
        if (tagged.Count > 0) files["itms.yaml"] = MirrorSetDocuments.ImageTagMirrorSet(ResourceName, tagged, request.Policy);
        if (request.Legacy) files["icsp.yaml"] = MirrorSetDocuments.ImageContentSourcePolicy(ResourceName, digest);
        files["image-config-ca.yaml"] = ImageConfigCa(MirrorHosts(request.RegistryHost, rules), request.CaCertificatePem);
        files[RegistriesConf.FileName] = RegistriesConf.Render(rules);
        files["ca.crt"] = request.CaCertificatePem.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        files["README.txt"] = Readme(request.RegistryHost, files.Keys.ToList(), rules, uncovered);
        return files;
    }

    private static List<MirrorEntry> Entries(IEnumerable<MirrorRule> rules) =>
        rules.GroupBy(r => r.Source).Select(g => new MirrorEntry(g.Key, g.Select(r => r.Mirror).Distinct().ToList())).ToList();

    private static string InstallConfigSnippet(string caPem, List<MirrorEntry> entries)
    {
        var yaml = new YamlWriter().Literal(0, "additionalTrustBundle", caPem).Open(0, "imageDigestSources");
        foreach (var entry in entries) MirrorSetDocuments.WriteEntry(yaml, 2, entry, policy: null);
        return "# Paste into install-config.yaml (OpenShift 4.14 and later; older installers call the list imageContentSources).\n" + yaml;
    }

    /// <summary>The registry's host and every host the mirrors name (an explicit MIRROR may use another name for it).</summary>
    private static List<string> MirrorHosts(string registryHost, List<MirrorRule> rules) =>
        rules.Select(r => r.Mirror.Split('/')[0]).Prepend(registryHost).Distinct(StringComparer.Ordinal).ToList();

    private static string ImageConfigCa(List<string> hosts, string caPem)
    {
        var yaml = new YamlWriter()
            .Scalar(0, "apiVersion", "v1")
            .Scalar(0, "kind", "ConfigMap")
            .Open(0, "metadata").Scalar(2, "name", CaConfigMapName).Scalar(2, "namespace", "openshift-config")
            .Open(0, "data");
        foreach (var host in hosts) yaml.Literal(2, RegistryHostKey.For(host), caPem);
        return "# Trust this registry's CA on a running cluster:\n"
            + "#   oc apply -f image-config-ca.yaml\n"
            + $"#   oc patch image.config.openshift.io/cluster --type merge -p '{{\"spec\":{{\"additionalTrustedCA\":{{\"name\":\"{CaConfigMapName}\"}}}}}}'\n"
            + yaml;
    }

    private static string Readme(string registryHost, List<string> names, List<MirrorRule> rules, List<string> uncovered)
    {
        var text = new StringBuilder($"Connect a cluster to the mirror registry {registryHost}\n\n");
        foreach (var name in names.Append("README.txt").Distinct()) text.Append(name).Append('\n').Append(Describe(name, registryHost)).Append("\n\n");
        text.Append("Mirror mapping (source -> mirror):\n");
        foreach (var rule in rules) text.Append($"  {rule.Source} -> {rule.Mirror}{(rule.ByTag ? "  (digests and tags)" : "  (digests)")}\n");
        if (uncovered.Count > 0)
        {
            text.Append("\nRepositories in this registry that no source covers (clusters reach them only by their mirror name):\n");
            foreach (var repository in uncovered) text.Append("  ").Append(repository).Append('\n');
        }
        return text.ToString();
    }

    private static string Describe(string name, string registryHost) => name switch
    {
        "install-config-snippet.yaml" => "  Installing a new cluster: paste additionalTrustBundle and imageDigestSources into install-config.yaml.",
        "idms.yaml" => "  A running cluster (4.13+): oc apply -f idms.yaml. Nodes pull these sources by digest from this registry.",
        "itms.yaml" => "  A running cluster (4.13+), for sources mirrored with tags: oc apply -f itms.yaml. Pulls by tag then come from\n"
            + "  this registry too; only use it if the mirrored tags are kept in step with the source.",
        "icsp.yaml" => "  Clusters before 4.13 only (ImageContentSourcePolicy is deprecated): oc apply -f icsp.yaml.",
        "image-config-ca.yaml" => "  A running cluster that does not yet trust this registry's CA: oc apply -f image-config-ca.yaml, then the\n"
            + "  oc patch command at the top of the file (spec.additionalTrustedCA of image.config.openshift.io/cluster).",
        RegistriesConf.FileName => "  Hosts outside the cluster (podman, skopeo, CRI-O): copy to /etc/containers/registries.conf.d/ so pulls of the\n"
            + "  source names come from this registry.",
        "ca.crt" => "  This registry's CA. Trust it on a host:\n"
            + "    RHEL/Fedora:   sudo cp ca.crt /etc/pki/ca-trust/source/anchors/appliance-registry.crt && sudo update-ca-trust\n"
            + "    Debian/Ubuntu: sudo cp ca.crt /usr/local/share/ca-certificates/appliance-registry.crt && sudo update-ca-certificates\n"
            + $"    podman only:   sudo mkdir -p /etc/containers/certs.d/{registryHost} && sudo cp ca.crt /etc/containers/certs.d/{registryHost}/",
        _ => "  This file.",
    };
}
