using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Appliance.Storage.FileSystem;

/// <summary>
/// Appends a request body to an upload's spool file, hashing while writing. Two buffers alternate so the
/// next piece of the body is received and hashed while the previous one is on its way to disk; whole
/// aligned buffers go with direct I/O, a ragged start or end through the page cache.
/// </summary>
internal sealed class UploadAppender(AlignedBufferPool buffers)
{
    public async Task<long> AppendAsync(string path, Stream source, long offset, IncrementalHash hash, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        var direct = DirectIo.IsAligned(offset) && DirectIo.TrySet(file, enabled: true);
        Memory<byte>[] pair = [buffers.Rent(), buffers.Rent()];
        Task pending = Task.CompletedTask;
        try
        {
            for (var turn = 0; ; turn ^= 1)
            {
                var buffer = pair[turn];
                var filled = await FillAsync(source, buffer, cancellationToken);
                if (filled == 0) break;
                var piece = buffer[..filled];
                hash.AppendData(piece.Span);
                await pending;
                if (direct && !DirectIo.IsAligned(filled))
                {
                    // The body's last piece: the page cache takes the ragged length, the fsync at completion flushes it.
                    direct = !DirectIo.TrySet(file, enabled: false);
                }
                pending = RandomAccess.WriteAsync(file, piece, offset, cancellationToken).AsTask();
                offset += filled;
            }
            await pending;
        }
        finally
        {
            // A failed body must not leave a write in flight on a buffer that goes back to the pool.
            await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            buffers.Return(pair[0]);
            buffers.Return(pair[1]);
        }
        return offset;
    }

    /// <summary>Reads until the buffer is full or the body ends; request bodies arrive in small pieces.</summary>
    private static async ValueTask<int> FillAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer[filled..], cancellationToken);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }
}
