using System.CommandLine;
using Appliance.Core.Audit;
using Appliance.Core.Upstreams;
using Appliance.Registry.Audit;
using Appliance.Registry.Maintenance;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>sync add|list|remove|run</c>: jobs that keep repositories copied from the upstreams they mirror, on the data directory
/// (the server's schedule runs them; <c>run</c> runs one now). <c>run</c> exits 0 when every image was copied, 1 otherwise.
/// </summary>
public static class SyncCommand
{
    public static Command Create(CommonOptions common)
    {
        var name = new Argument<string>("name") { Description = "the job's name" };
        var repositories = new Option<string[]>("--repository")
        {
            Description = "a repository of this registry that mirrors an upstream, or PREFIX/* for those under PREFIX (repeatable)", Required = true,
        };
        var tags = new Option<string?>("--tags")
        {
            Description = "the tags to copy: a version range (4.16.*, 4.*, \">=4.16 <4.17\", 4.16.3) or else a regular expression the whole tag must match (all tags when not given)",
        };
        var versions = new Option<string?>("--versions") { Description = "a version range the tag must satisfy too, e.g. 4.16.* or \">=4.16.0 <4.17.0\"" };
        var platforms = new Option<string[]>("--platform") { Description = "OS/ARCH[/VARIANT] of indexes to copy (repeatable; all when not given)" };
        var interval = new Option<TimeSpan?>("--interval") { Description = "how often it runs (default 6h)", CustomParser = DurationOption.Parse };

        var add = new Command("add", "add a sync job") { name, repositories, tags, versions, platforms, interval };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((parse, cancellationToken) => OfflineRegistry.RunAsync("sync add", common, parse, cancellationToken, async services =>
        {
            var job = new SyncJob(parse.GetValue(name)!, parse.GetValue(repositories) ?? [], parse.GetValue(tags), parse.GetValue(versions),
                parse.GetValue(platforms) ?? [], parse.GetValue(interval) ?? TimeSpan.FromHours(6), services.GetRequiredService<TimeProvider>().GetUtcNow());
            try
            {
                job.Validate();
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message, e);
            }
            if (!await services.GetRequiredService<ISyncJobStore>().AddAsync(job, cancellationToken))
            {
                throw new InvalidOperationException($"a sync job named {job.Name} exists");
            }
            await services.GetRequiredService<AuditTrail>().RecordLocalAsync(AuditActions.SyncJobAdd, detail: $"job {job.Name}");
        }));

        var list = new Command("list", "list the sync jobs and their last runs");
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((parse, cancellationToken) => OfflineRegistry.RunAsync("sync list", common, parse, cancellationToken, async services =>
        {
            var store = services.GetRequiredService<ISyncJobStore>();
            foreach (var job in await store.ListAsync(cancellationToken))
            {
                var filter = string.Join(' ', new[] { job.TagPattern is null ? null : $"tags {job.TagPattern}", job.VersionRange is null ? null : $"versions {job.VersionRange}",
                    job.Platforms.Count == 0 ? null : $"platforms {string.Join(',', job.Platforms)}" }.Where(p => p is not null));
                var last = (await store.ListRunsAsync(job.Name, 1, cancellationToken)).FirstOrDefault();
                var lastRun = last is null ? "never run" : $"last run {last.StartedAt:u}: {last.Summary ?? "running"}";
                Console.WriteLine($"{job.Name} every {job.Interval}: {string.Join(' ', job.Repositories)} {filter}; {lastRun}");
            }
        }));

        var remove = new Command("remove", "remove a sync job and the record of its runs") { name };
        remove.TreatUnmatchedTokensAsErrors = false;
        remove.SetAction((parse, cancellationToken) => OfflineRegistry.RunAsync("sync remove", common, parse, cancellationToken, async services =>
        {
            if (!await services.GetRequiredService<ISyncJobStore>().RemoveAsync(parse.GetValue(name)!, cancellationToken))
            {
                throw new InvalidOperationException($"there is no sync job named {parse.GetValue(name)}");
            }
            await services.GetRequiredService<AuditTrail>().RecordLocalAsync(AuditActions.SyncJobRemove, detail: $"job {parse.GetValue(name)}");
        }));

        var run = new Command("run", "run a sync job now") { name };
        run.TreatUnmatchedTokensAsErrors = false;
        run.SetAction(async (parse, cancellationToken) =>
        {
            var failed = false;
            var exit = await OfflineRegistry.RunAsync("sync run", common, parse, cancellationToken, async services =>
            {
                var job = (await services.GetRequiredService<ISyncJobStore>().ListAsync(cancellationToken)).FirstOrDefault(j => j.Name == parse.GetValue(name))
                    ?? throw new InvalidOperationException($"there is no sync job named {parse.GetValue(name)}");
                var result = await services.GetRequiredService<AuditedSync>().RunAsync(job, Environment.UserName, AuditTrail.LocalAddress,
                    new ReleaseCommand.Progress(), cancellationToken)
                    ?? throw new InvalidOperationException("another sync is running (on this node or another replica); try again when it is done");
                foreach (var failure in result.Failures) Console.WriteLine($"not copied: {failure}");
                Console.WriteLine($"sync {job.Name}: {result.Record.ImagesCopied} images copied, {result.Record.ImagesPresent} present; {result.Record.Summary}");
                failed = result.Failures.Count > 0;
            });
            return exit == 0 && failed ? 1 : exit;
        });

        return new Command("sync", "keep repositories copied from their upstreams on a schedule") { add, list, remove, run };
    }
}
