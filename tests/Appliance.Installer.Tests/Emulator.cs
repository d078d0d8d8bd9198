namespace Appliance.Installer.Tests;

/// <summary>qemu-user, which runs the arm64 release on this x86_64 machine, called explicitly (no binfmt registration needed).</summary>
public static class Emulator
{
    public const string Qemu = "qemu-aarch64-static";

    /// <summary>The reason arm64 binaries cannot run here, or null.</summary>
    public static string? Unavailable()
    {
        if (!ProcessRunner.IsInstalled(Qemu)) return "qemu-user-static is not installed (./build.sh test installs it when root; or: apt-get install qemu-user-static)";
        // The release is dynamically linked against the arm64 C, C++ and OpenSSL libraries, found through Debian's multiarch.
        if (!File.Exists("/lib/ld-linux-aarch64.so.1"))
        {
            return "the arm64 C library is not installed (./build.sh test installs it when root; or: dpkg --add-architecture arm64 && apt-get update && apt-get install libc6:arm64 libstdc++6:arm64 libssl3:arm64)";
        }
        return null;
    }
}
