using Appliance.Core.ClusterConfig;
using Appliance.Core.Content;
using Appliance.Core.Import;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Registry.ConsoleApi;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>import oc-mirror --out DIR</c>: what oc-mirror's disk-to-mirror leaves in its cluster-resources for the cluster, for
/// what is in this registry now: the mirror sets (cluster-config's, with the sources inferred under the prefix), a
/// CatalogSource per tagged operator catalog of the archives, and the release signatures' ConfigMap.
/// </summary>
public static class ImportClusterResources
{
    /// <summary>Where oc-mirror puts release images below its destination.</summary>
    private const string ReleaseRepository = "openshift/release-images";

    public static async Task WriteAsync(IServiceProvider services, string directory, string? prefix, ImportReport report,
        IReadOnlyList<(string FileName, byte[] Content)> signatures, CancellationToken cancellationToken)
    {
        var request = ClusterConfigInputs.Build(services, registry: null, sources: [], prefix: prefix ?? "", policy: null, legacy: false);
        var result = await services.GetRequiredService<ClusterConfigService>().GenerateAsync(request, cancellationToken);
        var files = new Dictionary<string, string>(result.Files, StringComparer.Ordinal);

        var catalogs = services.GetRequiredService<OperatorCatalogs>();
        foreach (var image in report.TaggedImages)
        {
            if (!await catalogs.IsCatalogAsync(image.Repository, image.Digest, cancellationToken)) continue;
            foreach (var tag in image.Tags)
            {
                var (name, yaml) = OcMirrorResources.CatalogSource($"{request.RegistryHost}/{image.Repository}", tag);
                files[name] = yaml;
            }
        }

        var releases = RepositoryName.Parse(string.IsNullOrEmpty(prefix) ? ReleaseRepository : $"{prefix.Trim('/')}/{ReleaseRepository}");
        var manifests = services.GetRequiredService<IManifestIndex>();
        var mirrored = new HashSet<Digest>();
        foreach (var (fileName, _) in signatures)
        {
            if (OcMirrorResources.SignedDigest(fileName) is { } digest && await manifests.FindByDigestAsync(releases, digest, cancellationToken) is not null)
            {
                mirrored.Add(digest);
            }
        }
        if (OcMirrorResources.SignatureConfigMap(signatures, mirrored.Contains, out var ignored) is { } configMap)
        {
            files["signature-configmap.yaml"] = configMap;
        }
        foreach (var name in ignored) System.Console.WriteLine($"working-dir/signatures/{name}: not named TAG-sha256-DIGEST as oc-mirror names signatures: not used");

        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, cancellationToken);
        }
        System.Console.Error.WriteLine($"import: wrote {string.Join(", ", files.Keys)} to {directory}");
    }
}
