using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Core.Audit;
using Appliance.Registry.Audit;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Maintenance.Tests;

public sealed class AuditTests : IAsyncDisposable
{
    private const string InitPassword = "init-password-for-audit";
    private const string WrongPassword = "not-the-password-at-all";
    private readonly List<RegistryServer> _servers = [];
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pushes_moves_deletes_failed_logins_key_rotation_and_gc_are_recorded_with_who_and_where()
    {
        var server = await StartAsync();
        using var client = server.CreateRegistryClient();
        client.Http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        var first = TestImages.Image(1, 1024, 40);
        var second = TestImages.Image(1, 1024, 41);
        await client.PushImageAsync("team/app", "v1", first);
        await client.PushImageAsync("team/app", "v1", second);
        using (await client.Http.DeleteAsync($"/v2/team/app/manifests/{first.Digest}", Cancel)) { }
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/v2/"))
        {
            wrong.Headers.Authorization = Basic("init", WrongPassword);
            using var refused = await client.Http.SendAsync(wrong, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (await client.Http.PostAsync("/admin/keys/rotate", null, Cancel)) { }
        using (await client.Http.PostAsync("/admin/gc", null, Cancel)) { }
        await server.StopAsync();

        var result = await RegistryCli.RunAsync(server.DataDirectory, "audit", "--json");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.DoesNotContain(InitPassword, result.All);
        Assert.DoesNotContain(WrongPassword, result.All);
        var events = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<AuditEvent>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();

        var pushes = events.Where(e => e.Action == AuditActions.ManifestPush).ToList();
        Assert.Equal([second.Digest, first.Digest], pushes.Select(e => e.Digest));
        Assert.All(pushes, e => Assert.Equal(("init", "127.0.0.1", "team/app", "tag v1"), (e.User, e.ClientAddress, e.Repository, e.Detail)));
        var move = Assert.Single(events, e => e.Action == AuditActions.TagMove);
        Assert.Equal(second.Digest, move.Digest);
        Assert.Contains(first.Digest, move.Detail);
        Assert.Equal(first.Digest, Assert.Single(events, e => e.Action == AuditActions.ManifestDelete).Digest);
        var failure = Assert.Single(events, e => e.Action == AuditActions.LoginFailure);
        Assert.Equal(("init", "127.0.0.1"), (failure.User, failure.ClientAddress));
        Assert.Equal("init", Assert.Single(events, e => e.Action == AuditActions.KeyRotate).User);
        var gc = Assert.Single(events, e => e.Action == AuditActions.GcRun);
        Assert.Equal(("init", "127.0.0.1"), (gc.User, gc.ClientAddress));
        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Time >= pair.Second.Time), "newest first");
    }

    [Fact]
    public async Task Filters_select_by_user_repository_and_action()
    {
        var server = await StartAsync();
        using var client = server.CreateRegistryClient();
        client.Http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        await client.PushImageAsync("one", "v1", TestImages.Image(1, 512, 42));
        await client.PushImageAsync("two", "v1", TestImages.Image(1, 512, 43));
        await server.StopAsync();

        Assert.Single(Lines(await AuditAsync(server, "--repository", "two")));
        Assert.Equal(2, Lines(await AuditAsync(server, "--user", "init", "--action", AuditActions.ManifestPush)).Length);
        Assert.Empty(Lines(await AuditAsync(server, "--user", "somebody-else")));
        Assert.Equal(2, Lines(await AuditAsync(server, "--since", "01:00:00")).Length);
    }

    [Fact]
    public async Task User_changes_made_on_this_host_are_recorded_with_the_local_account()
    {
        var server = await StartAsync();
        await server.StopAsync();
        (await RegistryCli.RunAsync(server.DataDirectory, "users", "add", "cluster", "--role", "pull")).EnsureSuccess("users add");
        (await RegistryCli.RunAsync(server.DataDirectory, "users", "role", "cluster", "push")).EnsureSuccess("users role");
        (await RegistryCli.RunAsync(server.DataDirectory, "users", "passwd", "cluster")).EnsureSuccess("users passwd");
        (await RegistryCli.RunAsync(server.DataDirectory, "users", "delete", "cluster")).EnsureSuccess("users delete");

        var lines = Lines(await AuditAsync(server));
        Assert.Equal([AuditActions.UserDelete, AuditActions.UserPassword, AuditActions.UserRole, AuditActions.UserAdd],
            lines.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]));
        Assert.All(lines, line => Assert.Contains($" {Environment.UserName} ", line));
        Assert.All(lines, line => Assert.Contains(" local ", line));
    }

    [Fact]
    public async Task Events_older_than_the_retention_are_removed_at_start_and_once_a_day()
    {
        var server = await StartAsync("--audit:retention", "2.00:00:00");
        var log = server.Services.GetRequiredService<IAuditLog>();
        var now = DateTimeOffset.UtcNow;
        // Ages against the fake clock below, which starts a day and a half ahead of the real one: the server's own retention
        // (real clock) removes none of them, the one under test removes "old" when it starts and "recent" a day later.
        await log.RecordAsync([Event("old", now - TimeSpan.FromDays(1)), Event("recent", now), Event("future", now + TimeSpan.FromDays(1))], Cancel);
        Assert.Equal(["future", "recent", "old"], await RetentionEventsAsync(log));

        var clock = new FakeTimeProvider(now + TimeSpan.FromDays(1.5));
        using var retention = new AuditRetention(log, server.Services.GetRequiredService<IOptions<AuditOptions>>(), clock,
            server.Services.GetRequiredService<ILogger<AuditRetention>>());
        await retention.StartAsync(Cancel);
        var interval = TimeSpan.FromMilliseconds(100);
        await Poll.UntilAsync("the run at start removes the event older than the retention",
            async () => !(await RetentionEventsAsync(log)).Contains("old"), TimeSpan.FromSeconds(10), interval, Cancel);
        Assert.Equal(["future", "recent"], await RetentionEventsAsync(log)); // the same run (one statement) kept the younger ones

        clock.Advance(TimeSpan.FromDays(1));
        await Poll.UntilAsync("the next day's run removes the event that has since grown older than the retention",
            async () => !(await RetentionEventsAsync(log)).Contains("recent"), TimeSpan.FromSeconds(10), interval, Cancel);
        Assert.Equal(["future"], await RetentionEventsAsync(log));
        await retention.StopAsync(Cancel);
    }

    private static AuditEvent Event(string name, DateTimeOffset time) => new(time, AuditActions.ManifestPush, "init", "127.0.0.1", $"retention/{name}", null, null);

    /// <summary>The names of this test's events still in the log, newest first.</summary>
    private static async Task<string[]> RetentionEventsAsync(IAuditLog log) =>
        [.. (await log.ListAsync(new AuditQuery(), Cancel)).Select(e => e.Repository).OfType<string>()
            .Where(r => r.StartsWith("retention/", StringComparison.Ordinal)).Select(r => r["retention/".Length..])];

    private async Task<RegistryServer> StartAsync(params string[] extra)
    {
        string[] args = ["--auth:enabled", "true", "--auth:initPassword", InitPassword, "--auth:bcryptCost", "10", .. extra];
        var server = await RegistryServer.StartAsync(args);
        _servers.Add(server);
        return server;
    }

    private static async Task<string> AuditAsync(RegistryServer server, params string[] arguments) =>
        (await RegistryCli.RunAsync(server.DataDirectory, ["audit", .. arguments])).EnsureSuccess("audit").StandardOutput;

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
    }
}
