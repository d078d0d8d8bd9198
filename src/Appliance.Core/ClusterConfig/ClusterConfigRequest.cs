namespace Appliance.Core.ClusterConfig;

/// <summary>What cluster-config is asked for.</summary>
/// <param name="RegistryHost">this registry as clients reach it (host:port)</param>
/// <param name="CaCertificatePem">the CA clients must trust for this registry's certificate</param>
/// <param name="Sources">explicit SOURCE=MIRROR pairs</param>
/// <param name="Prefix">infer sources from the repositories under this prefix (null: do not infer)</param>
/// <param name="NamedSources">with a prefix: further sources (HOST/PATH) mirrored under it by their PATH</param>
public sealed record ClusterConfigRequest(
    string RegistryHost,
    string CaCertificatePem,
    IReadOnlyList<MirrorSource> Sources,
    string? Prefix,
    IReadOnlyList<string> NamedSources,
    MirrorSourcePolicy? Policy,
    bool Legacy);
