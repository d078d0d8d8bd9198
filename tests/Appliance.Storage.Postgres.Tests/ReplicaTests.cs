using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Appliance.Core.Storage;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Appliance.Storage.Postgres.Tests;

/// <summary>Several registries on one database, as replicas behind a load balancer are.</summary>
public sealed class ReplicaTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replicas_starting_together_apply_the_migrations_once_create_one_init_user_and_share_the_data()
    {
        var database = await SharedDatabase.CreateAsync();
        var starts = Enumerable.Range(0, 3).Select(_ => database.StartRegistryAsync("--auth:enabled", "true")).ToArray();
        var replicas = await Task.WhenAll(starts);
        try
        {
            var creator = Assert.Single(replicas, r => File.Exists(Path.Combine(r.DataDirectory, "init-password")));
            var password = (await File.ReadAllTextAsync(Path.Combine(creator.DataDirectory, "init-password"), Cancel)).Trim();
            var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"init:{password}")));
            var image = TestImages.Image(1, 2048, 7);
            using (var client = replicas[0].CreateRegistryClient())
            {
                client.Http.DefaultRequestHeaders.Authorization = basic;
                await client.PushImageAsync("team/app", "v1", image);
            }
            using var other = replicas[2].CreateClient();
            other.DefaultRequestHeaders.Authorization = basic;
            Assert.Equal(image.Manifest.Content, await other.GetByteArrayAsync("/v2/team/app/manifests/v1", Cancel));

            await using var connection = new NpgsqlConnection(database.ConnectionString + $";Password={(await File.ReadAllTextAsync(database.Cluster.PasswordFile, Cancel)).Trim()}");
            await connection.OpenAsync(Cancel);
            await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT version) FROM schema_version", connection);
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            await reader.ReadAsync(Cancel);
            Assert.True(reader.GetInt64(0) > 0);
            Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_collection_while_another_replica_collects_is_refused_then_runs_once_that_one_is_done()
    {
        var database = await SharedDatabase.CreateAsync();
        await using var first = await database.StartRegistryAsync();
        await using var second = await database.StartRegistryAsync();
        using var http = second.CreateClient();

        await using (var claim = await first.Services.GetRequiredService<IGarbageCollectionIndex>().TryClaimRunAsync(Cancel))
        {
            Assert.NotNull(claim);
            using var refused = await http.PostAsync("/admin/gc", null, Cancel);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("already running on another node", await refused.Content.ReadAsStringAsync(Cancel));
        }

        using var runs = await http.PostAsync("/admin/gc", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
    }
}
