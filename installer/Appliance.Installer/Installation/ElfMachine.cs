namespace Appliance.Installer.Installation;

/// <summary>
/// The processor a Linux executable is built for, from its ELF header, named as <c>uname -m</c> names it. The binary
/// itself is the truth about a release's architecture: no marker file can disagree with it.
/// </summary>
public static class ElfMachine
{
    private static readonly Dictionary<ushort, string> UnameNames = new() { [0x3E] = "x86_64", [0xB7] = "aarch64" };

    /// <summary>The <c>uname -m</c> name for <paramref name="file"/>'s machine; an InstallerException when it is no ELF file.</summary>
    public static string Of(string file)
    {
        Span<byte> header = stackalloc byte[20];
        using (var stream = File.OpenRead(file))
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[..4].SequenceEqual("\u007fELF"u8))
            {
                throw new InstallerException($"{file} is not a Linux executable (no ELF header): unpack the release again");
            }
        }
        // e_machine (offset 18) is in the file's own byte order: EI_DATA (offset 5) is 1 for little-endian, 2 for big-endian.
        var machine = header[5] == 2 ? (ushort)(header[18] << 8 | header[19]) : (ushort)(header[19] << 8 | header[18]);
        return UnameNames.TryGetValue(machine, out var name) ? name : $"ELF machine 0x{machine:X}";
    }
}
