using Microsoft.Data.Sqlite;

namespace Appliance.Storage.Sqlite;

/// <summary>
/// A consistent copy of the metadata database through SQLite's online backup API: it includes what is still
/// in the WAL and is correct even while a server or a maintenance command has the database open.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies <paramref name="databasePath"/> to <paramref name="destinationPath"/>, which must not exist yet; returns its size.</summary>
    public static long Copy(string databasePath, string destinationPath)
    {
        if (!File.Exists(databasePath)) throw new FileNotFoundException($"no database at {databasePath}", databasePath);
        if (File.Exists(destinationPath)) throw new IOException($"{destinationPath} already exists; a backup never overwrites one");
        // ReadWrite, not ReadWriteCreate: a mistyped path must fail instead of backing up a new, empty database.
        using var source = Open(databasePath, SqliteOpenMode.ReadWrite);
        using (var destination = Open(destinationPath, SqliteOpenMode.ReadWriteCreate))
        {
            source.BackupDatabase(destination);
        }
        return new FileInfo(destinationPath).Length;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }
}
