using System.Diagnostics;

namespace Appliance.Benchmarks;

/// <summary>
/// CNCF distribution (Debian's docker-registry) with a throwaway config: filesystem storage with the in-memory
/// blob descriptor cache of the packaged default config, deletes enabled.
/// </summary>
public sealed class DistributionRegistry : BenchmarkRegistry
{
    private readonly string _config;

    public DistributionRegistry(string workDirectory) : base("distribution", workDirectory)
    {
        _config = Path.Combine(DataDirectory, "config.yml");
        File.WriteAllText(_config, $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              cache:
                blobdescriptor: inmemory
              filesystem:
                rootdirectory: {StorageDirectory}
              delete:
                enabled: true
            http:
              addr: {Authority}
            """);
    }

    public string StorageDirectory => Path.Combine(DataDirectory, "storage");

    protected override string ReadinessPath => "/v2/";

    /// <summary>distribution answers 400 PAGINATION_NUMBER_INVALID above its default of 1000 entries per page.</summary>
    public override int MaxPageSize => 1000;

    protected override ProcessStartInfo StartInfo() => new("docker-registry") { ArgumentList = { "serve", _config } };

    public Task<Appliance.Testing.ProcessResult> CollectGarbageAsync() =>
        Appliance.Testing.ProcessRunner.RunAsync("docker-registry", ["garbage-collect", "--delete-untagged=false", _config], TimeSpan.FromMinutes(5));
}
