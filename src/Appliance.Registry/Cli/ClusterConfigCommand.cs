using System.CommandLine;
using Appliance.Core.ClusterConfig;
using Appliance.Registry.ConsoleApi;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>cluster-config</c>: the mirror mapping, and with <c>--out</c> the files that point a cluster (and hosts) at this registry.
/// </summary>
public static class ClusterConfigCommand
{
    public static Command Create(CommonOptions common)
    {
        var sources = new Option<string[]>("--source")
        {
            Description = "SOURCE=MIRROR, e.g. quay.io/openshift-release-dev=mirror.example.com:8443/ocp4 (repeatable); with --prefix, "
                + "a HOST/PATH source mirrored under the prefix by its PATH",
            AllowMultipleArgumentsPerToken = false,
        };
        var prefix = new Option<string?>("--prefix") { Description = "infer the sources from the repositories oc-mirror wrote under this prefix" };
        var registry = new Option<string?>("--registry") { Description = "host:port clusters pull from (default: the certificate's first DNS name and the listen port)" };
        var output = new Option<string?>("--out") { Description = "directory to write the files to" };
        var policy = new Option<string?>("--mirror-source-policy") { Description = "NeverContactSource or AllowContactingSource (default: unset, the cluster's default)" };
        var legacy = new Option<bool>("--legacy") { Description = "also write icsp.yaml (ImageContentSourcePolicy) for clusters before 4.13" };
        var command = new Command("cluster-config", "print the mirror mapping and write the files that connect a cluster to this registry")
        {
            sources, prefix, registry, output, policy, legacy,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await OfflineRegistry.OpenAsync(common.HostArguments(parse), cancellationToken);
            try
            {
                var request = ClusterConfigInputs.Build(host.Services, parse.GetValue(registry), parse.GetValue(sources) ?? [], parse.GetValue(prefix),
                    parse.GetValue(policy), parse.GetValue(legacy));
                var result = await host.Services.GetRequiredService<ClusterConfigService>().GenerateAsync(request, cancellationToken);
                Print(result);
                if (parse.GetValue(output) is { } directory) Write(directory, result);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                System.Console.Error.WriteLine($"cluster-config: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Print(ClusterConfigResult result)
    {
        System.Console.WriteLine("source -> mirror");
        foreach (var rule in result.Rules) System.Console.WriteLine($"  {rule.Source} -> {rule.Mirror}{(rule.ByTag ? "  (digests and tags)" : "")}");
        if (result.UncoveredRepositories.Count == 0) return;
        System.Console.WriteLine("repositories no source covers:");
        foreach (var repository in result.UncoveredRepositories) System.Console.WriteLine($"  {repository}");
    }

    private static void Write(string directory, ClusterConfigResult result)
    {
        foreach (var (name, content) in result.Files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        System.Console.Error.WriteLine($"wrote {string.Join(", ", result.Files.Keys)} to {directory}; see README.txt");
    }
}
