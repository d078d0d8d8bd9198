using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Appliance.Registry.Api;

/// <summary>
/// Kestrel has no sendfile: its fallback copies a file through a 64 KiB buffer into the response stream
/// and flushes after every piece. Reading straight into the response pipe's memory in large pieces
/// halves the copies and cuts the syscalls and flushes of a layer download by an order of magnitude.
/// </summary>
public sealed class PipeSendFileFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private const int PieceBytes = 512 * 1024;

    public Stream Stream => inner.Stream;

    public PipeWriter Writer => inner.Writer;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var end = count is { } length ? offset + length : RandomAccess.GetLength(file);
        var writer = inner.Writer;
        while (offset < end)
        {
            var memory = writer.GetMemory(PieceBytes);
            var wanted = (int)Math.Min(memory.Length, end - offset);
            var read = await RandomAccess.ReadAsync(file, memory[..wanted], offset, cancellationToken);
            if (read == 0) throw new IOException($"{path} ended {end - offset} bytes early");
            writer.Advance(read);
            offset += read;
            var flushed = await writer.FlushAsync(cancellationToken);
            if (flushed.IsCompleted || flushed.IsCanceled) return;
        }
    }
}
