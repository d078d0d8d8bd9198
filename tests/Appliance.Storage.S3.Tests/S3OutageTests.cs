using System.Net;
using Appliance.Testing;

namespace Appliance.Storage.S3.Tests;

/// <summary>An object store that stops answering while the registry runs: not ready within seconds, ready again once it answers.</summary>
public sealed class S3OutageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_gateway_that_stops_answering_turns_the_server_not_ready_within_the_check_limit_and_ready_again_when_it_answers()
    {
        // A Ceph of its own: freezing the shared one would stall every other test's uploads.
        using var ceph = await CephRgw.StartOwnAsync(Cancel);
        var bucket = await ceph.CreateBucketAsync(Cancel);
        await using var server = await RegistryServer.StartAsync(ceph.ServerArguments(bucket));
        // Far longer than the readiness limit, far shorter than the S3 client's own timeouts and retries (minutes).
        using var http = server.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(30);
        Assert.Equal(HttpStatusCode.OK, (await ReadinessAsync(http)).Status);

        ceph.FreezeGateway(true);
        try
        {
            var (status, body) = await ReadinessAsync(http);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("the blob storage did not answer within 5 s", body);
        }
        finally
        {
            ceph.FreezeGateway(false);
        }

        await Poll.ForAsync("readiness answers 200 again", () => ReadinessAsync(http), answer => answer.Status == HttpStatusCode.OK,
            within: TimeSpan.FromSeconds(5), every: TimeSpan.FromMilliseconds(250), Cancel);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health/ready", Cancel);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
    }
}
