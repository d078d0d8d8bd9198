using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// Replicas of our registry on shared engines behind a real HAProxy (TCP, round robin per connection, TLS passed through),
/// measured through the balancer like one registry. The first replica seeds the certificate the others take from the database.
/// </summary>
public sealed class BalancedReplicas : BenchmarkRegistry
{
    private readonly IReadOnlyList<ApplianceRegistry> _replicas;

    private BalancedReplicas(string name, string workDirectory, IReadOnlyList<ApplianceRegistry> replicas) : base(name, workDirectory, tls: true) =>
        _replicas = replicas;

    public IReadOnlyList<ApplianceRegistry> Replicas => _replicas;

    private string ConfigFile => Path.Combine(DataDirectory, "haproxy.cfg");

    protected override string CaFile => Path.Combine(_replicas[0].DataDirectory, "tls", "ca.crt");

    protected override string ReadinessPath => "/health/ready";

    public static async Task<BalancedReplicas> StartAsync(string binary, string workDirectory, string engines, string[] engineArguments, int count)
    {
        var replicas = Enumerable.Range(1, count)
            .Select(i => new ApplianceRegistry(binary, workDirectory, tls: true, $"appliance {engines} replica {i}", engineArguments: engineArguments)).ToList();
        await replicas[0].StartAsync();
        await Task.WhenAll(replicas.Skip(1).Select(replica => replica.StartAsync()));
        var balancer = new BalancedReplicas($"appliance {engines} {count} replicas", workDirectory, replicas);
        await File.WriteAllTextAsync(balancer.ConfigFile, HaproxyServer.Configuration(balancer.Port, [.. replicas.Select(r => r.Authority)], tls: true));
        await balancer.StartAsync();
        return balancer;
    }

    protected override ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo("haproxy");
        foreach (var argument in new[] { "-f", ConfigFile, "-db" }) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>User plus system CPU all replicas have used so far (the balancer's not included).</summary>
    public override TimeSpan CpuTime() => _replicas.Aggregate(TimeSpan.Zero, (sum, replica) => sum + replica.CpuTime());

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var replica in _replicas) await replica.DisposeAsync();
    }
}
