using Appliance.Testing;
using Microsoft.Data.Sqlite;

namespace Appliance.Maintenance.Tests;

/// <summary><c>backup --to FILE</c>: what the installer's upgrade relies on to roll a database back.</summary>
public sealed class BackupTests : IAsyncLifetime
{
    private RegistryServer _server = null!;
    private readonly TestImage _image = TestImages.Image(1, 4096, 40);
    private readonly string _backups = Directory.CreateTempSubdirectory("appliance-backup-").FullName;

    public async ValueTask InitializeAsync()
    {
        _server = await RegistryServer.StartAsync();
        await _server.CreateRegistryClient().PushImageAsync("team/app", "v1", _image);
    }

    [Fact]
    public async Task A_backup_of_a_running_registry_holds_its_manifests_and_tags_in_one_file()
    {
        var copy = Path.Combine(_backups, "registry.db");
        var result = await RegistryCli.RunAsync(_server.DataDirectory, "backup", "--to", copy);
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains($"to {copy}", result.StandardOutput);
        Assert.False(File.Exists(copy + "-wal"));

        await using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM manifests m JOIN tags t ON t.manifest_id = m.id WHERE t.name = 'v1' AND m.digest = $digest";
        command.Parameters.AddWithValue("$digest", _image.Digest);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file_nor_copies_a_database_that_is_not_there()
    {
        var existing = Path.Combine(_backups, "existing.db");
        await File.WriteAllTextAsync(existing, "keep me", TestContext.Current.CancellationToken);
        var overwrite = await RegistryCli.RunAsync(_server.DataDirectory, "backup", "--to", existing);
        Assert.NotEqual(0, overwrite.ExitCode);
        Assert.Contains("already exists", overwrite.StandardError);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing, TestContext.Current.CancellationToken));

        var empty = Directory.CreateTempSubdirectory("appliance-no-data-").FullName;
        var missing = await RegistryCli.RunAsync(empty, "backup", "--to", Path.Combine(_backups, "none.db"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no database at", missing.StandardError);
        Assert.False(File.Exists(Path.Combine(_backups, "none.db")));
        Assert.Empty(Directory.GetFileSystemEntries(empty));
        Directory.Delete(empty);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_backups, recursive: true);
    }
}
