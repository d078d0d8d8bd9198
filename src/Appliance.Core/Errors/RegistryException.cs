namespace Appliance.Core.Errors;

/// <summary>
/// A failure the client must be told about, in the spec's terms. Handlers turn it into the
/// OCI error body; its message is written for the client and never carries internal details.
/// </summary>
public sealed class RegistryException(OciErrorCode code, string message, object? detail = null)
    : Exception(message)
{
    public OciErrorCode Code { get; } = code;
    public object? Detail { get; } = detail;

    /// <summary>When the client may try again (sent as Retry-After), for throttling and temporary refusals.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
