using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Appliance.Testing.TestHosts;

/// <summary>The few system calls the test hosts need that .NET has no API for.</summary>
internal static class Libc
{
    public const int CloneNewNet = 0x40000000;
    public const int SigTerm = 15;
    public const int SigKill = 9;
    private const int NotAMountPoint = 22; // EINVAL

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int mount(string source, string target, string fileSystemType, nuint flags, string data);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int umount2(string target, int flags);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int chown(string path, int owner, int group);

    /// <summary>Moves the calling thread (only it) into the network namespace at <paramref name="path"/>.</summary>
    public static void EnterNetworkNamespace(string path)
    {
        using var handle = File.OpenHandle(path);
        Check(setns((int)handle.DangerousGetHandle(), CloneNewNet), $"setns({path})");
    }

    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    public static void MountOverlay(string lower, string upper, string work, string target) =>
        Check(mount("overlay", target, "overlay", 0, $"lowerdir={lower},upperdir={upper},workdir={work}"), $"mount overlay on {target}");

    /// <summary>Unmounts <paramref name="target"/> (not lazily: a busy mount is an error, not a leak); nothing mounted there is fine.</summary>
    public static void Unmount(string target)
    {
        if (umount2(target, 0) != 0 && Marshal.GetLastPInvokeError() != NotAMountPoint) Check(-1, $"umount {target}");
    }

    public static void Chown(string path, int owner, int group) => Check(chown(path, owner, group), $"chown {path}");

    private static void Check(int result, string what)
    {
        if (result != 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), $"{what}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
    }
}
