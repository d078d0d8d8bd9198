using Appliance.Core.Auth;
using Appliance.Core.Tls;
using Appliance.Registry.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Postgres.Tests;

/// <summary>
/// The state replicas used to keep per host, now in the database: two registries on one database race on it the way
/// replicas behind a balancer do, and must agree on the outcome.
/// </summary>
public sealed class SharedStateStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replicas_starting_together_sign_with_one_key_and_concurrent_rotations_leave_the_newest_two()
    {
        var database = await SharedDatabase.CreateAsync();
        var replicas = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => database.StartRegistryAsync()));
        try
        {
            var keys = replicas.Select(r => r.Services.GetRequiredService<TokenSigningKeys>()).ToArray();
            Assert.Single(keys.Select(k => k.Current.KeyId).Distinct());

            await Task.WhenAll(keys.SelectMany(k => Enumerable.Range(0, 4).Select(_ => k.RotateAsync(Cancel))));
            await Task.WhenAll(keys.Select(k => k.RefreshAsync(Cancel)));
            var validating = keys.Select(k => string.Join(",", k.Keys.Select(key => key.KeyId))).Distinct().ToArray();
            Assert.Equal(2, Assert.Single(validating).Split(',').Length);
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task Failures_recorded_at_once_on_two_replicas_all_count_and_a_success_clears_them()
    {
        var database = await SharedDatabase.CreateAsync();
        await using var first = await database.StartRegistryAsync();
        await using var second = await database.StartRegistryAsync();
        var stores = new[] { first, second }.Select(r => r.Services.GetRequiredService<ILoginFailureStore>()).ToArray();
        var now = DateTimeOffset.UtcNow;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => stores[i % 2].RecordFailureAsync("init", "192.0.2.7", now, now.AddMinutes(-10), Cancel)));
        Assert.Equal(20, (await stores[0].FindAsync("init", "192.0.2.7", Cancel))!.Count);
        Assert.Null(await stores[1].FindAsync("init", "192.0.2.8", Cancel));

        await stores[1].ClearAsync("init", "192.0.2.7", Cancel);
        Assert.Null(await stores[0].FindAsync("init", "192.0.2.7", Cancel));
    }

    [Fact]
    public async Task The_first_seed_wins_and_only_a_different_certificate_makes_a_new_generation()
    {
        var database = await SharedDatabase.CreateAsync();
        await using var first = await database.StartRegistryAsync();
        await using var second = await database.StartRegistryAsync();
        var stores = new[] { first, second }.Select(r => r.Services.GetRequiredService<ISharedCertificateStore>()).ToArray();
        CertificatePems Pems(string name) => new($"{name} ca", $"{name} ca key", $"{name} certificate", $"{name} key");

        var seeded = await Task.WhenAll(stores[0].SeedAsync(Pems("a"), Cancel), stores[1].SeedAsync(Pems("b"), Cancel));
        Assert.Equal(seeded[0], seeded[1]);
        Assert.Null(await stores[1].ReadNewerThanAsync(seeded[0].Generation, Cancel));

        var republished = await stores[1].PublishAsync(seeded[0].Pems, Cancel);
        Assert.Equal(seeded[0].Generation, republished.Generation);

        var replaced = await stores[1].PublishAsync(Pems("c"), Cancel);
        Assert.Equal(seeded[0].Generation + 1, replaced.Generation);
        Assert.Equal(replaced, await stores[0].ReadNewerThanAsync(seeded[0].Generation, Cancel));
    }
}
