namespace Appliance.Testing;

/// <summary>
/// The config of CNCF distribution (Debian's docker-registry) that the tests and the benchmark run it with: filesystem storage
/// with the in-memory blob descriptor cache of the packaged default config, deletes enabled, errors-only logs.
/// </summary>
public static class DistributionConfig
{
    /// <param name="httpSection">Further lines of the http section, indented by two (e.g. tls).</param>
    /// <param name="extraSections">Further top-level sections (e.g. auth).</param>
    public static string Yaml(string storageDirectory, string authority, string httpSection = "", string extraSections = "") => $"""
        version: 0.1
        log:
          level: error
          accesslog:
            disabled: true
        storage:
          cache:
            blobdescriptor: inmemory
          filesystem:
            rootdirectory: {storageDirectory}
          delete:
            enabled: true
        http:
          addr: {authority}
        {httpSection}{extraSections}
        """;
}
