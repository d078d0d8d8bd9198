using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Upstream;

/// <summary>The connections to one upstream: through the HTTPS proxy when one is set, trusting the host's CA file when it has one.</summary>
internal static class UpstreamHandler
{
    public static SocketsHttpHandler Create(UpstreamHostOptions settings, string? httpsProxy)
    {
        var handler = new SocketsHttpHandler
        {
            // Explicit: the environment's proxy variables do not silently apply to upstreams.
            UseProxy = !string.IsNullOrWhiteSpace(httpsProxy),
            Proxy = string.IsNullOrWhiteSpace(httpsProxy) ? null : new WebProxy(new Uri(httpsProxy)),
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        };
        if (settings.CaFile is { Length: > 0 } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
                                                   && !errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) && IssuedBy(certificate, authorities));
        }
        return handler;
    }

    /// <summary>The proxy as messages name it: scheme, host and port, never credentials in its URL; null when there is none.</summary>
    public static string? ProxyName(string? httpsProxy) =>
        string.IsNullOrWhiteSpace(httpsProxy) ? null : new Uri(httpsProxy).GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    private static bool IssuedBy(X509Certificate certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
