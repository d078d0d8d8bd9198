using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Appliance.Storage.FileSystem;

/// <summary>
/// Switches O_DIRECT on an open file, which .NET does not offer on Linux. Direct writes skip the page
/// cache: no copy into freshly allocated cache pages (the dominant CPU cost of a big push on a VM) and
/// little left for the fsync before publishing. They need block-aligned buffers, offsets and lengths.
/// </summary>
internal static partial class DirectIo
{
    /// <summary>A multiple of every logical block size Linux filesystems use (512 or 4096).</summary>
    public const int Alignment = 4096;

    private const int GetFlags = 3; // F_GETFL
    private const int SetFlags = 4; // F_SETFL

    /// <summary>O_DIRECT differs between architectures; only x86-64's value is known here.</summary>
    private static int? DirectFlag => RuntimeInformation.ProcessArchitecture == Architecture.X64 && OperatingSystem.IsLinux() ? 0x4000 : null;

    /// <summary>Turns direct I/O on or off; false when the platform or filesystem (tmpfs, some FUSE) refuses.</summary>
    public static bool TrySet(SafeFileHandle file, bool enabled)
    {
        if (DirectFlag is not { } direct) return false;
        var fd = (int)file.DangerousGetHandle();
        var flags = Fcntl(fd, GetFlags, 0);
        if (flags < 0) return false;
        return Fcntl(fd, SetFlags, enabled ? flags | direct : flags & ~direct) == 0;
    }

    public static bool IsAligned(long value) => value % Alignment == 0;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
