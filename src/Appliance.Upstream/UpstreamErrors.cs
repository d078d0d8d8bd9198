using System.Security.Authentication;
using Appliance.Core.Upstreams;

namespace Appliance.Upstream;

/// <summary>Sends a request and turns what went wrong on the way into an <see cref="UpstreamException"/> naming the upstream (and the proxy it goes through).</summary>
internal static class UpstreamErrors
{
    /// <param name="proxy">The HTTPS proxy the request goes through, as <see cref="UpstreamHandler.ProxyName"/> shows it; null: direct.</param>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string host, string? proxy,
        CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError || e.InnerException is AuthenticationException)
        {
            throw new UpstreamException(UpstreamFailure.Certificate, host,
                $"upstream {host}: TLS failed, its certificate is not trusted for that name (set upstreams.hosts[].caFile to its CA)", e);
        }
        catch (HttpRequestException e)
        {
            var route = proxy is null ? "" : $" through the HTTPS proxy {proxy}";
            throw new UpstreamException(UpstreamFailure.Unreachable, host, $"upstream {host} is unreachable{route}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(UpstreamFailure.Unreachable, host, $"upstream {host} did not answer within {http.Timeout.TotalSeconds:0} s", e);
        }
    }
}
