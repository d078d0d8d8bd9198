namespace Appliance.Testing;

/// <summary>A fresh directory under the system temp dir, removed on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory(string prefix = "appliance-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
