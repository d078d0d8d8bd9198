using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Appliance.ScaleOut.Tests;

/// <summary>Failed logins are counted in the database, so a guesser cannot spread attempts over replicas to avoid the throttle.</summary>
public sealed class SharedLoginThrottleTests : ScaleOutTest
{
    [Fact]
    public async Task Five_wrong_passwords_spread_over_the_replicas_throttle_the_next_try_on_every_replica()
    {
        // 2, 2 and 1 failures per replica: counted per replica, none would reach the five that throttle.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failure = await TokenRequestAsync(attempt % 3, "wrong-password");
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }
        // The fifth failure blocks for one second: ask every replica at once, with the right password.
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
