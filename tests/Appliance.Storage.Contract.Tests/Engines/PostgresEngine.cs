using Appliance.Storage.Postgres;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Engines;

/// <summary>
/// The replicas' metadata: a fresh database in the test run's one PostgreSQL cluster (which goes at the end of the run).
/// The database collates like most installed ones (a language's rules, here ICU's en-US, not the test cluster's C locale),
/// so listings prove they page in byte order whatever the database's collation.
/// </summary>
public sealed class PostgresEngine : IMetadataEngine
{
    private const string LinguisticCollation = "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'";

    private string? _connectionString;

    public async Task AddAsync(IServiceCollection services, TestDirectory directory, CancellationToken cancellationToken)
    {
        var cluster = await PostgresServer.SharedAsync();
        _connectionString ??= await cluster.CreateDatabaseAsync(cancellationToken, LinguisticCollation);
        var connectionString = _connectionString;
        services.Configure<PostgresOptions>(options =>
        {
            options.ConnectionString = connectionString;
            options.PasswordFile = cluster.PasswordFile;
        });
        services.AddPostgresMetadata();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
