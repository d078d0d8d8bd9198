using Appliance.Core.Storage;
using Appliance.Core.Usage;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Console.Tests;

/// <summary>
/// What a registry an oc-mirror run filled looks like, scaled down for the screenshots: an OpenShift release of 184
/// components and an older one a few components short, four operator catalogs on one base, and images in a dozen more
/// namespaces sharing UBI base layers; plus three months of the stored-bytes series that grows towards today's figures.
/// </summary>
public static class MirrorContent
{
    private static readonly string[] ComponentNames =
    [
        "cluster-version-operator", "etcd", "hyperkube", "haproxy-router", "oauth-server", "console", "console-operator", "coredns",
        "installer", "machine-config-operator", "ovn-kubernetes", "multus-cni", "prometheus", "prometheus-operator", "alertmanager",
        "thanos", "grafana", "kube-state-metrics", "node-exporter", "cluster-monitoring-operator", "ingress-operator", "dns-operator",
        "cluster-network-operator", "cluster-storage-operator", "csi-snapshot-controller", "aws-ebs-csi-driver", "azure-disk-csi-driver",
        "cli", "tools", "must-gather", "rhel-coreos", "machine-os-images", "baremetal-installer", "ironic", "cluster-autoscaler",
    ];

    private static readonly (string Repository, string Tag)[] Images =
    [
        ("openshift-logging/cluster-logging-rhel9-operator", "v5.9"), ("openshift-logging/fluentd-rhel9", "v5.9"),
        ("openshift-logging/loki-rhel9-operator", "v5.9"), ("openshift-gitops-1/argocd-rhel8", "v1.12"), ("openshift-gitops-1/gitops-rhel8-operator", "v1.12"),
        ("rhacm2/multicluster-observability-rhel9-operator", "v2.10"), ("rhacm2/console-rhel9", "v2.10"), ("odf4/odf-operator-bundle", "v4.16"),
        ("odf4/rook-ceph-rhel9-operator", "v4.16"), ("ubi9/ubi", "9.4"), ("ubi9/ubi-minimal", "9.4"), ("rhel9/postgresql-15", "1-73"),
        ("quay/quay-operator-rhel8", "v3.11"), ("multicluster-engine/mce-operator-bundle", "v2.5"), ("advanced-cluster-security/rhacs-main-rhel8", "4.4"),
        ("cert-manager/cert-manager-operator-rhel9", "v1.13"), ("team-payments/api", "2026.11"), ("team-payments/worker", "2026.11"),
        ("ci-builds/runner", "build-1482"),
    ];

    /// <summary>Pushes everything through <paramref name="registry"/> and writes the history before today.</summary>
    public static async Task FillAsync(RegistryHttpClient registry, RegistryServer server, CancellationToken cancel)
    {
        var components = Enumerable.Range(0, 184).Select(i => (Name: i < ComponentNames.Length ? ComponentNames[i] : $"{ComponentNames[i % ComponentNames.Length]}-{i}",
            Image: TestImages.Image(1, 40_000 + i * 997 % 300_000, 7000 + i))).ToList();
        var release = TestReleases.Release("4.16.3", components, 6999, architecture: "amd64");
        foreach (var (_, image) in components) await registry.PushImageAsync("ocp4/openshift/release", image.Digest, image);
        await registry.PushImageAsync("ocp4/openshift/release-images", "4.16.3-x86_64", release);
        // The older release shares most components with the newer one; three of its own were never mirrored.
        var older = components.Take(170).Concat(Enumerable.Range(0, 6).Select(i => ($"{ComponentNames[i]}-4.15", TestImages.Image(1, 60_000, 7900 + i)))).ToList();
        foreach (var (_, image) in older.Skip(170).Skip(3)) await registry.PushImageAsync("ocp4/openshift/release", image.Digest, image);
        await registry.PushImageAsync("ocp4/openshift/release-images", "4.15.21-x86_64", TestReleases.Release("4.15.21", older, 6998));

        var opmBase = TestImages.Layer(1_500_000, 8000);
        foreach (var (catalog, index) in new[] { ("redhat-operator-index", 0), ("certified-operator-index", 1), ("community-operator-index", 2), ("redhat-marketplace-index", 3) })
        {
            var labels = new Dictionary<string, string> { ["operators.operatorframework.io.index.configs.v1"] = "/configs" };
            await registry.PushImageAsync($"redhat/{catalog}", "v4.16",
                TestImages.ImageOf([opmBase, TestImages.Layer(800_000 + index * 600_000, 8010 + index)], docker: false, "amd64", 8020 + index, labels));
        }

        var ubi = TestImages.Layer(900_000, 8100);
        for (var i = 0; i < Images.Length; i++)
        {
            var (repository, tag) = Images[i];
            await registry.PushImageAsync(repository, tag, TestImages.Image(2, 120_000 + i * 53_000, 8200 + i, sharedLayers: [ubi]));
        }
        await RecordHistoryAsync(server, cancel);
    }

    /// <summary>Ninety days before today, growing in the steps mirror runs make, to about what the registry now holds.</summary>
    private static async Task RecordHistoryAsync(RegistryServer server, CancellationToken cancel)
    {
        var history = server.Services.GetRequiredService<IUsageHistory>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var unique = (await server.Services.GetRequiredService<IRegistryStatistics>().CountAsync(cancel)).StoredBytes;
        var total = await server.Services.GetRequiredService<IRepositoryBrowser>().LinkedBytesAsync(cancel);
        for (var day = 90; day >= 1; day--)
        {
            // A mirror run every other week adds a step; garbage collection takes a little back after each.
            var runs = (90 - day) / 14 + 1;
            var share = Math.Min(1.0, 0.28 + runs * 0.11 - (day % 14 < 3 && day < 80 ? 0.02 : 0));
            await history.RecordAsync(new UsageDay(today.AddDays(-day), (long)(total * share), (long)(unique * share)), cancel);
        }
    }
}
