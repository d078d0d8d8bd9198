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

    /// <param name="schemaVersion">0: an empty database; 1: one that the first release with PostgreSQL left (its one script
    /// applied), which these replicas upgrade: the scripts after it are applied once, by whichever replica gets the lock.</param>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Replicas_starting_together_apply_the_migrations_once_create_one_init_user_and_share_the_data(int schemaVersion)
    {
        var database = await SharedDatabase.CreateAsync();
        if (schemaVersion > 0) await ApplyScriptsUpToAsync(database, schemaVersion);
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

            await using var connection = await database.OpenAsync(Cancel);
            await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT version), max(version) FROM schema_version", connection);
            await using var reader = await command.ExecuteReaderAsync(Cancel);
            await reader.ReadAsync(Cancel);
            // Counted, not taken from the newest number: branches merged in any order may leave a number unused for a while.
            var (scripts, latest) = (MigrationScripts().Count, MigrationScripts().Max(s => s.Version));
            Assert.True(latest > 1, "more than one script, or the upgrade case tests nothing");
            Assert.Equal(scripts, reader.GetInt64(0));
            Assert.Equal(scripts, reader.GetInt64(1));
            Assert.Equal(latest, reader.GetInt32(2));
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

    /// <summary>Puts the database where a release whose newest script was <paramref name="version"/> left it.</summary>
    private static async Task ApplyScriptsUpToAsync(SharedDatabase database, int version)
    {
        await using var connection = await database.OpenAsync(Cancel);
        await new NpgsqlCommand("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", connection).ExecuteNonQueryAsync(Cancel);
        foreach (var (number, sql) in MigrationScripts().Where(s => s.Version <= version).OrderBy(s => s.Version))
        {
            await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync(Cancel);
            await new NpgsqlCommand($"INSERT INTO schema_version VALUES ({number}, 0)", connection).ExecuteNonQueryAsync(Cancel);
        }
    }

    /// <summary>The scripts the registry embeds (<c>Migrations/NNN_name.sql</c>), read as the release carries them.</summary>
    private static List<(int Version, string Sql)> MigrationScripts()
    {
        var assembly = typeof(PostgresServiceCollectionExtensions).Assembly;
        return [.. assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Select(name =>
        {
            var file = name.Split('.')[^2].TrimStart('_');
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            return (int.Parse(file[..file.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture), reader.ReadToEnd());
        })];
    }
}
