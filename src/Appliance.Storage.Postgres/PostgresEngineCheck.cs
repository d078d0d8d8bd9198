using Appliance.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Postgres;

/// <summary>
/// Logs in and reads the schema version. The database is resolved only here, so settings it rejects are this check's
/// problem line, not a failure to list the checks.
/// </summary>
public sealed class PostgresEngineCheck(IServiceProvider services) : IStorageEngineCheck
{
    public string Section => PostgresOptions.Section;

    public async Task<string> CheckAsync(CancellationToken cancellationToken) =>
        (await services.GetRequiredService<PostgresDatabase>().CheckAsync(cancellationToken)).ToString();
}
