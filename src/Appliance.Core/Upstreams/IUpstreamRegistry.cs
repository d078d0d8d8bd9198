using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Upstreams;

/// <summary>
/// One upstream registry host, reached with the credentials, CA and proxy configured for it. Failures other than
/// "not found" throw <see cref="UpstreamException"/>, whose message names the upstream and the repository.
/// </summary>
public interface IUpstreamRegistry
{
    /// <summary>The host as the mapping and the pull secret spell it, port included (<c>quay.io</c>, <c>127.0.0.1:5000</c>).</summary>
    string Host { get; }

    /// <summary>How requests to it authenticate, as far as its challenges told so far.</summary>
    UpstreamAuthentication Authentication { get; }

    /// <summary>
    /// The manifest's bytes, media type and digest, or null when the upstream answers 404. The digest is computed from the
    /// bytes and checked against the upstream's Docker-Content-Digest and, for a digest reference, against that digest.
    /// </summary>
    Task<UpstreamManifest?> GetManifestAsync(string repository, ManifestReference reference, CancellationToken cancellationToken);

    /// <summary>What a HEAD of the manifest says (digest, media type, length), or null when the upstream answers 404.</summary>
    Task<UpstreamManifestHead?> HeadManifestAsync(string repository, ManifestReference reference, CancellationToken cancellationToken);

    /// <summary>
    /// The blob's content as it arrives, or null when the upstream answers 404. The caller hashes what it reads and
    /// must not keep content whose digest differs; it disposes the result.
    /// </summary>
    Task<UpstreamBlob?> OpenBlobAsync(string repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>Every tag of the repository, following the upstream's pagination; empty when the repository is unknown.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken);

    /// <summary>The referrers index of a subject (OCI 1.1 referrers API), or null when the upstream does not support it.</summary>
    Task<UpstreamManifest?> GetReferrersAsync(string repository, Digest subject, CancellationToken cancellationToken);

    /// <summary>Whether the upstream is reachable, its certificate trusted and the credentials accepted; the problems found, one line each.</summary>
    Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken);
}
