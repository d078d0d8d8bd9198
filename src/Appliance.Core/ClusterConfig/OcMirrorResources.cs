using System.Text.RegularExpressions;
using Appliance.Core.Content;

namespace Appliance.Core.ClusterConfig;

/// <summary>
/// The cluster resources oc-mirror's disk-to-mirror leaves besides the mirror sets, in the shapes OpenShift reads: a
/// CatalogSource per mirrored operator catalog, and the ConfigMap of release signatures the cluster version operator
/// verifies releases with (from the signature files oc-mirror keeps in its working-dir/signatures).
/// </summary>
public static partial class OcMirrorResources
{
    /// <summary>The label a file-based operator catalog image carries: where its configs are.</summary>
    public const string CatalogLabel = "operators.operatorframework.io.index.configs.v1";

    /// <summary>oc-mirror names signature files <c>TAG-sha256-HEX</c>: the release's tag and the digest it signs.</summary>
    [GeneratedRegex("^(?<tag>.+)-sha256-(?<hex>[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex SignatureFile();

    [GeneratedRegex("[^a-z0-9-]", RegexOptions.CultureInvariant)]
    private static partial Regex NotInLabel();

    /// <summary>The release digest a signature file of oc-mirror's working-dir/signatures signs; null for a file not named as oc-mirror names them.</summary>
    public static Digest? SignedDigest(string fileName) =>
        SignatureFile().Match(fileName) is { Success: true } match ? Digest.Parse($"sha256:{match.Groups["hex"].Value}") : null;

    /// <summary>A CatalogSource in openshift-marketplace for the catalog image at <paramref name="repository"/> (this registry's full name).</summary>
    /// <param name="tagOrDigest">the catalog's tag, or its digest when it was mirrored by digest only</param>
    /// <returns>The file name (<c>cs-NAME.yaml</c>, the name as oc-mirror derives it) and the document.</returns>
    public static (string FileName, string Yaml) CatalogSource(string repository, string tagOrDigest)
    {
        var byDigest = Digest.TryParse(tagOrDigest, out var digest);
        var reference = byDigest ? $"{repository}@{digest}" : $"{repository}:{tagOrDigest}";
        var suffix = byDigest ? digest.Hex[..12] : tagOrDigest[..Math.Min(12, tagOrDigest.Length)];
        var name = NotInLabel().Replace($"cs-{repository[(repository.LastIndexOf('/') + 1)..]}-{suffix}".ToLowerInvariant(), "-").TrimEnd('-');
        var yaml = new YamlWriter()
            .Scalar(0, "apiVersion", "operators.coreos.com/v1alpha1")
            .Scalar(0, "kind", "CatalogSource")
            .Open(0, "metadata").Scalar(2, "name", name).Scalar(2, "namespace", "openshift-marketplace")
            .Open(0, "spec").Scalar(2, "sourceType", "grpc").Scalar(2, "image", reference)
            .ToString();
        return ($"{name}.yaml", yaml);
    }

    /// <summary>
    /// The ConfigMap <c>openshift-config-managed/mirrored-release-signatures</c> with one <c>sha256-HEX-N</c> entry per signed
    /// release digest that <paramref name="isMirrored"/> confirms; null when there is none. Files not named as oc-mirror names
    /// them are returned in <paramref name="ignored"/>.
    /// </summary>
    public static string? SignatureConfigMap(IEnumerable<(string FileName, byte[] Content)> signatures, Func<Digest, bool> isMirrored,
        out IReadOnlyList<string> ignored)
    {
        var skipped = new List<string>();
        var entries = new List<(string Key, string Base64)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (fileName, content) in signatures.OrderBy(s => s.FileName, StringComparer.Ordinal))
        {
            if (SignedDigest(fileName) is not { } digest)
            {
                skipped.Add(fileName);
                continue;
            }
            if (!isMirrored(digest) || !seen.Add(digest.Hex)) continue;
            entries.Add(($"sha256-{digest.Hex}-{entries.Count + 1}", Convert.ToBase64String(content)));
        }
        ignored = skipped;
        if (entries.Count == 0) return null;
        var yaml = new YamlWriter()
            .Scalar(0, "apiVersion", "v1")
            .Scalar(0, "kind", "ConfigMap")
            .Open(0, "metadata").Scalar(2, "name", "mirrored-release-signatures").Scalar(2, "namespace", "openshift-config-managed")
            .Open(2, "labels").Scalar(4, "release.openshift.io/verification-signatures", "")
            .Open(0, "binaryData");
        foreach (var (key, base64) in entries) yaml.Scalar(2, key, base64);
        return yaml.ToString();
    }
}
