using System.Runtime.InteropServices;

namespace Appliance.Storage.FileSystem;

/// <summary>
/// fsync of a directory, which .NET does not offer: without it a rename that made a blob visible
/// can be lost on power failure even though the file's own bytes were flushed.
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY, the same on every architecture, opens a directory too. O_DIRECTORY is not used: its value differs
    // between architectures, and x86-64's (0x10000) is O_DIRECT on arm64, which a directory refuses with EINVAL.
    private const int ReadOnly = 0;

    public static void Flush(string path)
    {
        var fd = Open(path, ReadOnly);
        if (fd < 0) throw new IOException($"cannot open directory {path} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of directory {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
