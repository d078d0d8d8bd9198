using Appliance.Core.Configuration;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Quotas;
using Appliance.Core.Releases;
using Appliance.Core.Retention;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// Retention (Appliance.Core/Retention) on each metadata engine: a history of pushes at fake times, dry runs that list exactly
/// what the run then deletes, and what kept images need surviving: index children, referrers, release components.
/// </summary>
public abstract class RetentionContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private IRetentionStore Retention => Store.Get<IRetentionStore>();

    protected override void Configure(IServiceCollection services) => services
        .Configure<RegistryOptions>(_ => { })
        .AddSingleton<ManifestParser>().AddSingleton<BlobService>().AddSingleton<ReleasePayloadReader>().AddSingleton<ReleaseComponents>()
        .AddSingleton<RetentionPlanner>().AddSingleton<RetentionService>().AddSingleton<PullRecorder>()
        .AddSingleton<QuotaCache>().AddSingleton<QuotaGate>();

    private static RetentionRule Rule(string kind, string? tags = null, int? count = null, string? age = null) =>
        new RetentionRuleText(kind, tags, count, age).ToRule();

    private Task SetAsync(string scope, params RetentionRule[] rules) => Retention.SetPolicyAsync(new RetentionPolicy(scope, rules), Cancel);

    /// <summary>A dry run, then a run that must delete exactly what the dry run listed, all of it.</summary>
    private async Task<RetentionPlan> DryRunThenRunAsync()
    {
        var service = Store.Get<RetentionService>();
        var dry = await service.RunAsync(dryRun: true, include: null, Cancel);
        Assert.Empty(dry.Removed);
        var run = await service.RunAsync(dryRun: false, include: null, Cancel);
        Assert.Equal(dry.Plan.Removals, run.Plan.Removals);
        Assert.Equal(dry.Plan.Kept, run.Plan.Kept);
        Assert.Equal(dry.Plan.Removals, run.Removed);
        Assert.Empty(run.Skipped);
        Assert.Empty((await service.RunAsync(dryRun: true, include: null, Cancel)).Plan.Removals);
        return dry.Plan;
    }

    private async Task<List<string>> TagsAsync(RepositoryName repository) =>
        [.. (await Store.Get<IManifestIndex>().ListTagsAsync(repository, 100, null, Cancel))?.Items ?? []];

    private async Task<bool> HasAsync(RepositoryName repository, Digest digest) =>
        await Store.Get<IManifestIndex>().FindByDigestAsync(repository, digest, Cancel) is not null;

    [Fact]
    public async Task Policies_are_stored_in_order_replaced_and_cleared()
    {
        await SetAsync("ci-*", Rule("remove-untagged", age: "30d"));
        await SetAsync("openshift/release-images", Rule("protect", "latest"), Rule("keep-latest", "4.16.*", 3), Rule("keep-recent", ">=4.16 <4.17", age: "2w"));

        var policies = await Retention.ListPoliciesAsync(Cancel);
        Assert.Equal(["ci-*", "openshift/release-images"], policies.Select(p => p.Scope));
        Assert.Equal([Rule("protect", "latest"), Rule("keep-latest", "4.16.*", 3), Rule("keep-recent", ">=4.16 <4.17", age: "14d")], policies[1].Rules);

        await SetAsync("ci-*", Rule("remove-untagged", age: "7d"));
        Assert.Equal(TimeSpan.FromDays(7), (await Retention.ListPoliciesAsync(Cancel))[0].Rules[0].Age);
        Assert.True(await Retention.ClearPolicyAsync("ci-*", Cancel));
        Assert.False(await Retention.ClearPolicyAsync("ci-*", Cancel));
        Assert.Equal(["openshift/release-images"], (await Retention.ListPoliciesAsync(Cancel)).Select(p => p.Scope));
    }

    [Fact]
    public async Task A_history_of_pushes_keeps_the_newest_matching_tags_and_protected_ones_and_the_run_deletes_what_the_dry_run_listed()
    {
        var repository = TestContent.Repository("release-images");
        var images = new Dictionary<string, TestManifest>();
        foreach (var tag in new[] { "4.15.9", "4.16.0", "4.16.1", "latest", "4.16.2", "4.16.3", "4.16.4" })
        {
            images[tag] = (await Store.PushImageAsync(repository, tag, Cancel)).Manifest;
            Store.Clock.Advance(TimeSpan.FromHours(1));
        }
        var (untagged, _) = await Store.PushImageAsync(repository, null, Cancel);
        // "latest" re-tags 4.16.0's image: that image stays with its protected tag when 4.16.0 goes, the one "latest" named goes untagged.
        await Store.PutAsync(repository, images["4.16.0"], "latest", Cancel);
        Store.Clock.Advance(31 * Day);
        await SetAsync("contract", Rule("protect", "latest"), Rule("keep-latest", "4.16.*", 3), Rule("remove-untagged", age: "30d"));

        var plan = await DryRunThenRunAsync();

        Assert.Equal(["4.16.0", "4.16.1"], plan.Removals.Where(r => r.Tag is not null).Select(r => r.Tag).Order());
        Assert.Equal(new[] { images["4.16.1"].Digest, images["latest"].Digest, untagged.Digest }.Select(d => d.ToString()).Order(),
            plan.Removals.Where(r => r.Tag is null).Select(r => r.Digest.ToString()).Order());
        Assert.All(plan.Removals.Where(r => r.Tag is null), r => Assert.True(r.Bytes > 1000));
        Assert.Contains(plan.Kept, k => k.Tag == "latest" && k.Rule == 1);
        Assert.Equal(["4.16.2", "4.16.3", "4.16.4"], plan.Kept.Where(k => k.Rule == 2).Select(k => k.Tag).Order());
        Assert.Equal(["4.15.9", "4.16.2", "4.16.3", "4.16.4", "latest"], await TagsAsync(repository));
        Assert.True(await HasAsync(repository, images["4.16.0"].Digest));
        Assert.False(await HasAsync(repository, images["4.16.1"].Digest));
        Assert.False(await HasAsync(repository, untagged.Digest));
    }

    [Fact]
    public async Task Children_of_kept_indexes_and_referrers_of_kept_manifests_survive_and_the_dry_run_says_why()
    {
        var repository = TestContent.Repository("app");
        var (amd64, _) = await Store.PushImageAsync(repository, null, Cancel);
        var (arm64, _) = await Store.PushImageAsync(repository, null, Cancel);
        var index = TestContent.Index(amd64, arm64);
        await Store.PutAsync(repository, index, "v1", Cancel);
        var signatureBlobs = new[] { TestContent.Blob(), TestContent.Blob() };
        foreach (var blob in signatureBlobs) await Store.PushAsync(repository, blob, Cancel);
        var signature = TestContent.Image(signatureBlobs[0], signatureBlobs[1..], subject: index, artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json");
        await Store.PutAsync(repository, signature, null, Cancel);
        // An old multi-arch image nobody tags any more: it goes with its children.
        var (oldChild, _) = await Store.PushImageAsync(repository, null, Cancel);
        var oldIndex = TestContent.Index(oldChild);
        await Store.PutAsync(repository, oldIndex, null, Cancel);
        Store.Clock.Advance(10 * Day);
        await SetAsync("contract/app", Rule("remove-untagged", age: "1d"));

        var plan = await DryRunThenRunAsync();

        Assert.Equal([oldIndex.Digest, oldChild.Digest], plan.Removals.Select(r => r.Digest));
        Assert.Contains(plan.Kept, k => k.Digest == amd64.Digest && k.Reason.Contains($"listed by the kept index {index.Digest}"));
        Assert.Contains(plan.Kept, k => k.Digest == arm64.Digest && k.Reason.Contains("listed by the kept index"));
        Assert.Contains(plan.Kept, k => k.Digest == signature.Digest && k.Reason.Contains($"referrer of the kept manifest {index.Digest}"));
        foreach (var kept in new[] { amd64, arm64, index, signature }) Assert.True(await HasAsync(repository, kept.Digest));
        Assert.False(await HasAsync(repository, oldChild.Digest));
    }

    [Fact]
    public async Task Components_of_a_kept_release_survive_in_another_repository_and_those_of_a_removed_one_go()
    {
        var (releases, components) = (TestContent.Repository("release-images"), TestContent.Repository("release"));
        var kept = TestReleases.Components(3, seed: 1);
        var dropped = TestReleases.Components(2, seed: 2);
        foreach (var (_, image) in kept.Concat(dropped)) await PushAsync(components, image, tag: null);
        await PushAsync(releases, TestReleases.Release("4.15.0", dropped, seed: 4), "4.15.0-x86_64");
        Store.Clock.Advance(Day);
        await PushAsync(releases, TestReleases.Release("4.16.3", kept, seed: 3), "4.16.3-x86_64");
        Store.Clock.Advance(40 * Day);
        await SetAsync("contract/release-images", Rule("keep-latest", "4.*", 1));
        await SetAsync("contract/release", Rule("remove-untagged", age: "30d"));

        var plan = await DryRunThenRunAsync();

        Assert.Equal(["4.15.0-x86_64"], plan.Removals.Where(r => r.Tag is not null).Select(r => r.Tag));
        Assert.Equal(dropped.Select(c => c.Image.Digest).Order(),
            plan.Removals.Where(r => r.Repository == components.Value).Select(r => r.Digest.ToString()).Order());
        foreach (var (name, image) in kept)
        {
            Assert.Contains(plan.Kept, k => k.Digest.ToString() == image.Digest && k.Reason.Contains($"component {name} of release 4.16.3"));
            Assert.True(await HasAsync(components, Digest.Parse(image.Digest)));
        }
    }

    [Fact]
    public async Task Pulls_update_last_pulled_at_most_once_a_minute_per_manifest_and_keep_recently_pulled_tags()
    {
        var repository = TestContent.Repository("app");
        var (pulled, _) = await Store.PushImageAsync(repository, "pulled", Cancel);
        var (idle, _) = await Store.PushImageAsync(repository, "idle", Cancel);
        var recorder = Store.Get<PullRecorder>();
        Store.Clock.Advance(40 * Day);

        for (var i = 0; i < 1000; i++) recorder.Record(repository, pulled.Digest);
        Assert.Equal(1, await recorder.FlushAsync(Cancel));
        Assert.Equal(Store.Clock.GetUtcNow(), (await Retention.LastPulledAsync(repository, Cancel))[pulled.Digest]);
        Store.Clock.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 1000; i++) recorder.Record(repository, pulled.Digest);
        Assert.Equal(0, await recorder.FlushAsync(Cancel));
        Store.Clock.Advance(TimeSpan.FromSeconds(31));
        recorder.Record(repository, pulled.Digest);
        Assert.Equal(1, await recorder.FlushAsync(Cancel));
        Assert.Equal(2, recorder.Writes);
        Assert.Equal(Store.Clock.GetUtcNow(), (await Retention.LastPulledAsync(repository, Cancel))[pulled.Digest]);

        await SetAsync("contract", Rule("keep-recent", age: "30d"));
        var plan = await DryRunThenRunAsync();

        Assert.Equal(["idle"], plan.Removals.Where(r => r.Tag is not null).Select(r => r.Tag));
        Assert.Equal([idle.Digest], plan.Removals.Where(r => r.Tag is null).Select(r => r.Digest));
        Assert.Equal(["pulled"], await TagsAsync(repository));
    }

    [Fact]
    public async Task Deletions_recheck_what_the_plan_saw()
    {
        var repository = TestContent.Repository("app");
        var (first, _) = await Store.PushImageAsync(repository, "v1", Cancel);
        var (second, _) = await Store.PushImageAsync(repository, null, Cancel);
        await Store.PutAsync(repository, TestContent.Index(second), null, Cancel);

        Assert.False(await Retention.DeleteTagAsync(repository, "v1", second.Digest, Cancel));
        Assert.False(await Retention.DeleteUntaggedManifestAsync(repository, first.Digest, Cancel));
        Assert.False(await Retention.DeleteUntaggedManifestAsync(repository, second.Digest, Cancel));
        Assert.True(await Retention.DeleteTagAsync(repository, "v1", first.Digest, Cancel));
        Assert.True(await Retention.DeleteUntaggedManifestAsync(repository, first.Digest, Cancel));
        Assert.False(await HasAsync(repository, first.Digest));
    }

    [Fact]
    public async Task A_run_is_refused_while_another_replica_collects_and_a_dry_run_still_answers()
    {
        var (old, _) = await Store.PushImageAsync(TestContent.Repository("app"), null, Cancel);
        Store.Clock.Advance(2 * Day);
        await SetAsync("contract", Rule("remove-untagged", age: "1d"));
        var replica = await OpenReplicaAsync();
        await using var claim = await replica.Get<IGarbageCollectionIndex>().TryClaimRunAsync(Cancel);
        Assert.NotNull(claim);
        await using (var second = await Store.Get<IGarbageCollectionIndex>().TryClaimRunAsync(Cancel))
        {
            // SQLite's one writer serializes every deletion, so it has no claim to hold: only engines shared by replicas refuse.
            if (second is not null) return;
        }

        var service = Store.Get<RetentionService>();
        await Assert.ThrowsAsync<RetentionBusyException>(() => service.RunAsync(dryRun: false, include: null, Cancel));
        Assert.Equal([old.Digest], (await service.RunAsync(dryRun: true, include: null, Cancel)).Plan.Removals.Select(r => r.Digest));
        Assert.True(await HasAsync(TestContent.Repository("app"), old.Digest));
    }

    /// <summary>Pushes an image built by the shared test content (real layers), as a client would.</summary>
    private async Task PushAsync(RepositoryName repository, TestImage image, string? tag)
    {
        foreach (var blob in image.Blobs) await Store.PushAsync(repository, new TestBlob(blob.Content), Cancel);
        var parsed = Store.Get<ManifestParser>().Parse(image.Manifest.Content, image.Manifest.MediaType);
        await Store.PutAsync(repository, new TestManifest(new StoredManifest(Digest.Parse(image.Digest), parsed.MediaType, image.Manifest.Content), parsed),
            tag, Cancel);
    }
}
