using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Retention;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Maintenance.Tests;

/// <summary>Retention through the real server: pulls recorded off the GET path in batches, <c>/admin/retention</c>.</summary>
public sealed class RetentionEndpointTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Many_pulls_of_a_manifest_make_one_write_of_its_last_pull_and_heads_none()
    {
        await using var server = await RegistryServer.StartAsync("--retention:pullFlushInterval", "200ms");
        using var client = server.CreateRegistryClient();
        var (pulled, headed) = (TestImages.Image(1, 512, 71), TestImages.Image(1, 512, 72));
        await client.PushImageAsync("team/app", "pulled", pulled);
        await client.PushImageAsync("team/app", "headed", headed);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 50; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/team/app/manifests/pulled");
                request.Headers.Accept.ParseAdd(TestImages.OciManifest);
                using var response = await client.Http.SendAsync(request, Cancel);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v2/team/app/manifests/headed"), Cancel);
                Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            }
        }));

        var store = server.Services.GetRequiredService<IRetentionStore>();
        var lastPulled = await Poll.ForAsync("the pulls are written", () => store.LastPulledAsync(RepositoryName.Parse("team/app"), Cancel),
            pulls => pulls.Count > 0, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), Cancel);
        Assert.Equal([Digest.Parse(pulled.Digest)], lastPulled.Keys);
        Assert.Equal(1, server.Services.GetRequiredService<PullRecorder>().Writes);
    }

    [Fact]
    public async Task Admins_run_retention_over_http_and_may_collect_garbage_after()
    {
        await using var server = await RegistryServer.StartAsync("--auth:enabled", "true", "--auth:initPassword", "admin-password", "--auth:bcryptCost", "10");
        using var http = server.CreateClient();
        using (var anonymous = await http.PostAsync("/admin/retention?dryRun=true", null, Cancel)) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("init:admin-password")));
        await server.Services.GetRequiredService<IRetentionStore>().SetPolicyAsync(
            new RetentionPolicy("team", [RetentionRuleText.ParseLine("remove-untagged 30d")]), Cancel);

        using (var dryRun = await http.PostAsync("/admin/retention?dryRun=true", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
            Assert.Contains("\"removals\":[]", await dryRun.Content.ReadAsStringAsync(Cancel));
        }
        using var run = await http.PostAsync("/admin/retention?gc=true", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Contains("\"blobsRemoved\"", await run.Content.ReadAsStringAsync(Cancel));
    }
}
