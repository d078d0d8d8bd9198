using Appliance.Core.Configuration;
using Appliance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.Sqlite;

public sealed class SqliteMetadataBackup(IOptions<SqliteOptions> options) : IMetadataBackup
{
    public Task<string> BackupAsync(string destinationPath, CancellationToken cancellationToken)
    {
        var database = options.Value.DatabasePath;
        var bytes = SqliteBackup.Copy(Path.GetFullPath(database), destinationPath);
        return Task.FromResult($"backed up {database} ({ByteSizes.Format(bytes)}) to {destinationPath}");
    }
}
