namespace Appliance.Core.Storage;

public interface IRepositoryCatalog
{
    Task<Page<string>> ListAsync(int limit, string? last, CancellationToken cancellationToken);

    /// <summary>Proves the metadata store answers; used by the readiness probe.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
