using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Appliance.ScaleOut.Tests;

/// <summary>Failed logins are counted in the database, so a guesser cannot spread attempts over replicas to avoid the throttle.</summary>
public sealed class SharedLoginThrottleTests : ScaleOutTest
{
    [Fact]
    public async Task Wrong_passwords_spread_over_the_replicas_throttle_the_next_try_on_every_replica()
    {
        // Failures go round the replicas, so no replica alone sees the five that throttle. Two more after the threshold (each once
        // the previous wait has passed) make the wait 4 s, long enough for the checks below on a loaded machine.
        var recorded = 0;
        for (var attempt = 0; recorded < 7; attempt++)
        {
            using var failure = await TokenRequestAsync(attempt % 3, "wrong-password");
            if (failure.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(recorded >= 5, $"throttled after only {recorded} failures");
                await Task.Delay(failure.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), Cancel);
                continue;
            }
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
            recorded++;
        }
        var tries = await Task.WhenAll(Enumerable.Range(0, 3).Select(replica => TokenRequestAsync(replica, ReplicaCluster.Password)));
        try
        {
            Assert.All(tries, response =>
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            });
        }
        finally
        {
            foreach (var response in tries) response.Dispose();
        }
    }

    private async Task<HttpResponseMessage> TokenRequestAsync(int replica, string password)
    {
        using var http = Cluster.Replicas[replica].CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/auth?service=registry&scope=repository:app:pull");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ReplicaCluster.User}:{password}")));
        return await http.SendAsync(request, Cancel);
    }
}
