using System.Runtime.InteropServices;

namespace Appliance.Storage.FileSystem;

/// <summary>link(2), which .NET does not offer: a second name for a file's bytes on the same filesystem, no copy.</summary>
internal static partial class HardLink
{
    /// <returns>False when the system refuses (e.g. EXDEV: the two paths are on different filesystems).</returns>
    public static bool TryCreate(string existing, string newPath) => Link(existing, newPath) == 0;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newPath);
}
