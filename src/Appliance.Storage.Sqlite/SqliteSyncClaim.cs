using Appliance.Core.Upstreams;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.Sqlite;

/// <summary>
/// One sync run at a time between the server and a <c>sync run</c> command on the same data directory: an exclusive open
/// of a lock file beside the database (an flock, which the kernel drops with the process that held it).
/// </summary>
public sealed class SqliteSyncClaim(IOptions<SqliteOptions> options) : ISyncRunClaim
{
    public Task<IAsyncDisposable?> TryTakeAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath) + ".sync-lock";
        try
        {
            return Task.FromResult<IAsyncDisposable?>(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        }
    }
}
