namespace Appliance.Registry.Hosting;

/// <summary>Writes secrets (passwords, keys) so that no other user can ever read them, and no reader sees half a file.</summary>
public static class PrivateFile
{
    public static void Write(string path, string content)
    {
        var temporary = path + ".tmp";
        // The mode is set when the file is created, before any secret is written into it.
        using (var file = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(content));
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
