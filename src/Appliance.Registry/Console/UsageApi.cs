using Appliance.Core.Storage;
using Appliance.Core.Usage;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>GET /api/v1/usage</c>: where the space goes, for the overview's charts: the daily series of stored bytes (the last
/// year), and the largest namespaces and repositories among those the caller may read.
/// </summary>
public static class UsageApi
{
    private const int Largest = 10;
    private const int HistoryDays = 366;

    public static async Task<IResult> GetAsync(HttpContext context, IUsageHistory history, INamespaceUsage namespaces, IRepositoryBrowser browser,
        CallerAccess access, TimeProvider clock, CancellationToken cancel)
    {
        var readable = await access.ReadablePatternsAsync(context.Features.Get<ConsoleCaller>()!.Principal, cancel);
        var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-HistoryDays);
        var repositories = await browser.ListRepositoriesAsync(new RepositoryQuery(null, RepositorySort.Size, 1, Largest, readable), cancel);
        return Results.Ok(new
        {
            history = (await history.ListAsync(since, cancel)).Select(d => new { day = d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.TotalBytes, d.UniqueBytes }),
            namespaces = await namespaces.LargestAsync(readable, Largest, cancel),
            repositories = repositories.Items.Select(r => new { r.Name, r.UniqueBytes }),
        });
    }
}
