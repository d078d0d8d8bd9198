using Appliance.Core.Audit;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Maintenance.Tests;

/// <summary>
/// <c>release mirror</c>, <c>release check --fill</c> and <c>sync add|list|run|remove</c> as the real CLI on the data directory
/// of a running registry, with a distribution registry (plain HTTP, allowed for it by its host setting) as the upstream.
/// </summary>
public sealed class ReleaseMirrorCommandTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new("release-mirror-cli");
    private DistributionServer _upstream = null!;
    private RegistryServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string[] Upstreams =>
    [
        "--upstreams:mappings:0", $"{_upstream.Authority}/lib=mirror",
        "--upstreams:hosts:0:host", _upstream.Authority, "--upstreams:hosts:0:plainHttp", "true",
    ];

    public async ValueTask InitializeAsync()
    {
        _upstream = await DistributionServer.StartAsync(_directory.Combine("upstream"));
        _server = await RegistryServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Release_mirror_copies_a_release_check_fill_completes_it_and_a_sync_job_runs_from_the_command_line()
    {
        var components = TestReleases.Components(5, seed: 31);
        var release = TestReleases.Release("4.98.0", components, seed: 31, componentSource: $"{_upstream.Authority}/lib/art");
        using (var pusher = _upstream.CreateClient())
        {
            foreach (var (_, image) in components) await pusher.PushImageAsync("lib/art", image.Digest, image);
            await pusher.PushImageAsync("lib/release", "4.98.0", release);
            await pusher.PushImageAsync("lib/app", "v1.0", TestImages.Image(1, 512, 33));
            await pusher.PushImageAsync("lib/app", "v2.0", TestImages.Image(1, 512, 34));
        }
        var reference = $"{_upstream.Authority}/lib/release:4.98.0";

        var mirrored = await RegistryCli.RunAsync(_server.DataDirectory, ["release", "mirror", reference, .. Upstreams]);
        Assert.True(mirrored.ExitCode == 0, mirrored.All);
        Assert.Contains("release mirror: 5 components looked at, 5 copied", mirrored.StandardOutput);
        Assert.Contains("version 4.98.0: 5 components, 5 present, 0 missing", mirrored.StandardOutput);
        Assert.EndsWith("complete", mirrored.StandardOutput.TrimEnd());

        using (var http = _server.CreateClient())
        {
            using var deleted = await http.DeleteAsync($"/v2/mirror/art/manifests/{components[2].Image.Digest}", Cancel);
            Assert.True(deleted.IsSuccessStatusCode, deleted.StatusCode.ToString());
        }
        var filled = await RegistryCli.RunAsync(_server.DataDirectory, ["release", "check", reference, "--fill", .. Upstreams]);
        Assert.True(filled.ExitCode == 0, filled.All);
        // The check found exactly the deleted one missing, and only it was copied.
        Assert.Contains("release check --fill: 1 components looked at, 1 copied", filled.StandardOutput);
        Assert.Contains("version 4.98.0: 5 components, 5 present, 0 missing", filled.StandardOutput);

        var added = await RegistryCli.RunAsync(_server.DataDirectory, ["sync", "add", "app", "--repository", "mirror/app", "--tags", "v1\\..*", "--interval", "1h", .. Upstreams]);
        Assert.True(added.ExitCode == 0, added.All);
        var badJob = await RegistryCli.RunAsync(_server.DataDirectory, ["sync", "add", "bad", "--repository", "mirror/app", "--versions", "~>1", .. Upstreams]);
        Assert.Equal(1, badJob.ExitCode);
        Assert.Contains("'~>1' is not a comparator", badJob.StandardError);
        var run = await RegistryCli.RunAsync(_server.DataDirectory, ["sync", "run", "app", .. Upstreams]);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("sync app: 1 images copied, 0 present", run.StandardOutput);
        var list = await RegistryCli.RunAsync(_server.DataDirectory, ["sync", "list", .. Upstreams]);
        Assert.Contains("app every 01:00:00: mirror/app tags v1\\..*; last run", list.StandardOutput);
        var ranged = await RegistryCli.RunAsync(_server.DataDirectory, ["sync", "add", "ocp", "--repository", "mirror/ocp", "--tags", "4.16.*", .. Upstreams]);
        Assert.True(ranged.ExitCode == 0, ranged.All);
        Assert.Contains("ocp every 06:00:00: mirror/ocp tags 4.16.*; never run",
            (await RegistryCli.RunAsync(_server.DataDirectory, ["sync", "list", .. Upstreams])).StandardOutput);
        Assert.True((await RegistryCli.RunAsync(_server.DataDirectory, ["sync", "remove", "app", .. Upstreams])).ExitCode == 0);
        Assert.DoesNotContain("app every", (await RegistryCli.RunAsync(_server.DataDirectory, ["sync", "list", .. Upstreams])).StandardOutput);

        var audit = _server.Services.GetRequiredService<IAuditLog>();
        var events = await audit.ListAsync(new AuditQuery(Limit: 100), Cancel);
        Assert.Equal(2, events.Count(e => e.Action == AuditActions.ReleaseMirror));
        Assert.Single(events, e => e.Action == AuditActions.SyncRun && e.Detail!.StartsWith("job app: ", StringComparison.Ordinal));
        Assert.Equal(["job app", "job ocp"], events.Where(e => e.Action == AuditActions.SyncJobAdd).Select(e => e.Detail).Order());
        Assert.Single(events, e => e.Action == AuditActions.SyncJobRemove);
    }
}
