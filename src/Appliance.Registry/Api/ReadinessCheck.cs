using Appliance.Core.Identity;
using Appliance.Core.Storage;

namespace Appliance.Registry.Api;

/// <summary>
/// The backend checks behind <c>/health/ready</c>, each bounded in time: a database or object store that accepts
/// connections but stops answering (a full Ceph OSD makes the gateway wait; a network that drops packets) must turn the
/// replica not-ready within a balancer's check interval, not after the client library's own timeouts and retries, minutes
/// later.
/// </summary>
internal static class ReadinessCheck
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>Why the backends are not usable, or null when both answered in time; failures they report are thrown as they are.</summary>
    public static async Task<string?> UnansweredAsync(IRepositoryCatalog catalog, IBlobStore blobStore, CancellationToken requestAborted) =>
        await WithinLimitAsync("the metadata database", catalog.PingAsync, requestAborted)
        ?? await WithinLimitAsync("the blob storage", blobStore.ProbeAsync, requestAborted);

    /// <summary>"ok" or why directory logins fail now; null without a directory.</summary>
    public static async Task<string?> DirectoryAsync(IDirectory? directory, CancellationToken requestAborted)
    {
        if (directory is null) return null;
        try
        {
            return await WithinLimitAsync($"{directory}", directory.CheckAsync, requestAborted) ?? "ok";
        }
        catch (DirectoryUnavailableException error)
        {
            return $"unavailable: {error.Message}";
        }
    }

    private static async Task<string?> WithinLimitAsync(string backend, Func<CancellationToken, Task> check, CancellationToken requestAborted)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        limit.CancelAfter(Limit);
        try
        {
            await check(limit.Token);
            return null;
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return $"{backend} did not answer within {Limit.TotalSeconds:0} s";
        }
    }
}
