using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// Private vfs container storage for podman or buildah, so tests never touch the host's images.
/// podman refuses a runroot longer than 50 characters, hence a short directory of its own.
/// </summary>
public sealed class ContainerStorage : IDisposable
{
    private readonly TestDirectory _directory = new("cs");

    public string[] Options => ["--root", _directory.Combine("root"), "--runroot", _directory.Combine("run"), "--storage-driver", "vfs"];

    public void Dispose() => _directory.Dispose();
}
