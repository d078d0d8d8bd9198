namespace Appliance.Core.Upstreams;

/// <summary>An upstream could not be used; the message names the upstream (and the repository, when there is one) for the operator.</summary>
public sealed class UpstreamException(UpstreamFailure failure, string host, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public UpstreamFailure Failure { get; } = failure;

    /// <summary>The upstream host, as configured.</summary>
    public string Host { get; } = host;
}

public enum UpstreamFailure
{
    /// <summary>No connection, a timeout, a proxy failure or a 5xx answer.</summary>
    Unreachable,

    /// <summary>The upstream's certificate is not trusted (wrong CA, wrong name, expired).</summary>
    Certificate,

    /// <summary>The credentials were refused, or the upstream wants credentials there are none for.</summary>
    Unauthorized,

    /// <summary>The upstream sent content whose digest does not match what it or the reference claimed.</summary>
    DigestMismatch,

    /// <summary>An answer that does not follow the distribution spec.</summary>
    Protocol,
}
