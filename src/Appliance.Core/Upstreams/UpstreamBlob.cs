namespace Appliance.Core.Upstreams;

/// <summary>A blob being downloaded from an upstream: its content stream and the length the upstream announced.</summary>
public sealed class UpstreamBlob(Stream content, long length) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    /// <summary>The Content-Length of the upstream's answer.</summary>
    public long Length { get; } = length;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
