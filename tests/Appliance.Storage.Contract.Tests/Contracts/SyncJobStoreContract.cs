using Appliance.Core.Upstreams;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="ISyncJobStore"/>: one job per name, its fields kept, runs recorded newest first, a removed job's runs gone with it.</summary>
public abstract class SyncJobStoreContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private ISyncJobStore Jobs => Store.Get<ISyncJobStore>();

    [Fact]
    public async Task A_job_is_stored_once_with_its_filters_and_its_runs_are_recorded_newest_first()
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var job = new SyncJob("ocp", ["ocp4/release", "apps/*"], "4\\.16\\..*", ">=4.16.0 <4.17.0", ["linux/amd64"], TimeSpan.FromHours(6), created);
        Assert.True(await Jobs.AddAsync(job, Cancel));
        Assert.False(await Jobs.AddAsync(job with { Interval = TimeSpan.FromHours(1) }, Cancel));
        Assert.True(await Jobs.AddAsync(new SyncJob("all", ["library/busybox"], null, null, [], TimeSpan.FromMinutes(5), created), Cancel));

        var jobs = await Jobs.ListAsync(Cancel);
        Assert.Equal(["all", "ocp"], jobs.Select(j => j.Name));
        var stored = jobs[1];
        Assert.Equal(job.Repositories, stored.Repositories);
        Assert.Equal(job.Platforms, stored.Platforms);
        Assert.Equal((job.TagPattern, job.VersionRange, job.Interval, job.CreatedAt), (stored.TagPattern, stored.VersionRange, stored.Interval, stored.CreatedAt));
        Assert.Null(jobs[0].TagPattern);
        Assert.Empty(jobs[0].Platforms);

        var first = await Jobs.StartRunAsync("ocp", created.AddHours(1), Cancel);
        await Jobs.FinishRunAsync(new SyncRunRecord(first, "ocp", default, created.AddHours(2), 3, 1, 4096, 0, "3 copied"), Cancel);
        var second = await Jobs.StartRunAsync("ocp", created.AddHours(7), Cancel);
        var other = await Jobs.StartRunAsync("all", created.AddHours(8), Cancel);
        Assert.True(second > first);

        var runs = await Jobs.ListRunsAsync("ocp", 10, Cancel);
        Assert.Equal([second, first], runs.Select(r => r.Id));
        Assert.Null(runs[0].FinishedAt);
        Assert.Equal(created.AddHours(7), runs[0].StartedAt);
        Assert.Equal((created.AddHours(2), 3L, 1L, 4096L, 0L, "3 copied"),
            (runs[1].FinishedAt!.Value, runs[1].ImagesCopied, runs[1].ImagesPresent, runs[1].BytesCopied, runs[1].Failures, runs[1].Summary));
        Assert.Equal([other, second], (await Jobs.ListRunsAsync(null, 2, Cancel)).Select(r => r.Id));

        Assert.True(await Jobs.RemoveAsync("ocp", Cancel));
        Assert.False(await Jobs.RemoveAsync("ocp", Cancel));
        Assert.Empty(await Jobs.ListRunsAsync("ocp", 10, Cancel));
        Assert.Equal(["all"], (await Jobs.ListAsync(Cancel)).Select(j => j.Name));
    }
}
