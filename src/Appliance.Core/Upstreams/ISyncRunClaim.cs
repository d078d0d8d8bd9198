namespace Appliance.Core.Upstreams;

/// <summary>One sync run at a time across every replica and <c>sync run</c> command on the metadata database.</summary>
public interface ISyncRunClaim
{
    /// <summary>The claim, held until disposed; null when another process holds it.</summary>
    Task<IAsyncDisposable?> TryTakeAsync(CancellationToken cancellationToken);
}
