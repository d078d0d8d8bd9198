using System.Net;
using Appliance.Testing;
using Microsoft.Data.Sqlite;

namespace Appliance.Maintenance.Tests;

/// <summary>
/// The console's "bytes unique to a repository" is kept in <c>repositories.unique_bytes</c> by triggers; after every kind of
/// change to the blob links it must equal the figure computed from the links themselves.
/// </summary>
public sealed class UniqueBytesTests : GarbageCollectionTest
{
    private const string FromScratch = """
        SELECT r.name, r.unique_bytes,
               (SELECT coalesce(sum(b.size), 0) FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest
                WHERE rb.repository_id = r.id
                  AND NOT EXISTS (SELECT 1 FROM repository_blobs o WHERE o.digest = rb.digest AND o.repository_id <> r.id))
        FROM repositories r ORDER BY r.name
        """;

    [Fact]
    public async Task Maintained_unique_bytes_equal_a_computation_from_scratch_through_push_mount_delete_unlink_and_sweep()
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00");
        var shared = TestImages.Layer(8192, 70);
        var first = TestImages.Image(2, 4096, 71, sharedLayers: [shared]);
        var second = TestImages.Image(1, 2048, 72, sharedLayers: [shared]);
        var own = first.Layers[1];

        await client.PushImageAsync("team/first", "v1", first);
        Assert.Equal(first.Blobs.Sum(b => (long)b.Content.Length), (await AssertMaintainedAsync())["team/first"]);

        await client.PushImageAsync("team/second", "v1", second);
        var beforeMount = await AssertMaintainedAsync();
        Assert.Equal(first.Blobs.Sum(b => (long)b.Content.Length) - shared.Content.Length, beforeMount["team/first"]);

        using (var mount = await client.Http.PostAsync($"/v2/team/third/blobs/uploads/?mount={own.Digest}&from=team/first", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        }
        Assert.Equal(beforeMount["team/first"] - own.Content.Length, (await AssertMaintainedAsync())["team/first"]);

        using (var unlink = await client.Http.DeleteAsync($"/v2/team/third/blobs/{own.Digest}", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, unlink.StatusCode);
        }
        Assert.Equal(beforeMount["team/first"], (await AssertMaintainedAsync())["team/first"]);

        using (var delete = await client.Http.DeleteAsync($"/v2/team/second/manifests/{second.Digest}", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }
        await PassASecondAsync();
        var report = await CollectAsync(client);
        Assert.True(report.GetProperty("linksRemoved").GetInt32() > 0 && report.GetProperty("blobsRemoved").GetInt32() > 0, report.ToString());
        var collected = await AssertMaintainedAsync();
        Assert.Equal(0, collected["team/second"]);
        Assert.Equal(first.Blobs.Sum(b => (long)b.Content.Length), collected["team/first"]);
    }

    [Fact]
    public async Task Upgrading_a_database_computes_the_figures_of_the_repositories_it_holds()
    {
        var client = await StartAsync();
        var shared = TestImages.Layer(8192, 80);
        await client.PushImageAsync("team/first", "v1", TestImages.Image(1, 4096, 81, sharedLayers: [shared]));
        await client.PushImageAsync("team/second", "v1", TestImages.Image(2, 2048, 82, sharedLayers: [shared]));
        var kept = await AssertMaintainedAsync();
        await Server!.StopAsync();
        await ExecuteAsync("""
            DROP TRIGGER repository_blobs_link; DROP TRIGGER repository_blobs_unlink; ALTER TABLE repositories DROP COLUMN unique_bytes;
            -- and what the migrations after 008 add: a database of version 7 has none of it.
            DROP TABLE group_members; DROP TABLE local_groups; DROP TABLE robots; DROP TABLE grants; DROP TABLE usage_history;
            DROP TRIGGER repository_blobs_namespace_link; DROP TRIGGER repository_blobs_namespace_unlink;
            DROP TABLE namespace_blobs; DROP TABLE namespace_usage; DROP TABLE quotas; ALTER TABLE repositories DROP COLUMN namespace;
            DROP TABLE retention_policies; DROP TABLE manifest_pulls;
            DROP TABLE sync_runs; DROP TABLE sync_jobs;
            DROP TABLE upstream_cached; DROP TABLE upstream_tags;
            PRAGMA user_version = 7;
            """);

        await Server.RestartAsync();
        var upgraded = await AssertMaintainedAsync();
        Assert.Equal(kept, upgraded);
        Assert.All(upgraded.Values, bytes => Assert.True(bytes > 0));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Server!.DataDirectory, "registry.db")};Pooling=False");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Cancel);
    }

    /// <returns>The maintained figure of every repository, once each is shown to equal the one computed from scratch.</returns>
    private async Task<Dictionary<string, long>> AssertMaintainedAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Server!.DataDirectory, "registry.db")};Pooling=False");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = FromScratch;
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var maintained = new Dictionary<string, long>();
        while (await reader.ReadAsync(Cancel))
        {
            Assert.True(reader.GetInt64(1) == reader.GetInt64(2), $"{reader.GetString(0)}: maintained {reader.GetInt64(1)}, from scratch {reader.GetInt64(2)}");
            maintained[reader.GetString(0)] = reader.GetInt64(1);
        }
        return maintained;
    }
}
