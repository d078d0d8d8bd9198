using Appliance.Registry.Configuration;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Hosting;

/// <summary>
/// <c>&lt;data&gt;/registry.lock</c>: every serving registry holds a shared lock on it (flock, through FileShare) while it runs,
/// so <c>migrate</c>, which must not run beside a server, tells by taking it exclusively, and keeps it so that no server
/// starts meanwhile. The maintenance commands that are safe beside a server (gc, verify, users) leave it alone. The kernel
/// releases the lock when its process dies, so a SIGKILLed registry leaves nothing stale.
/// </summary>
public sealed class DataDirectoryLock(IOptions<StorageOptions> storage) : IHostedService, IDisposable
{
    public const string FileName = "registry.lock";

    /// <summary>What .NET on Linux reports when flock finds the lock held by another process: EWOULDBLOCK as the HResult.</summary>
    private const int LockHeld = 11;

    private FileStream? _held;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = PathIn(storage.Value.DataDirectory);
        _held = Open(path, FileShare.ReadWrite,
            () => $"{path} is held by 'appliance-registry migrate': start the registry once the migration has finished");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }

    /// <summary>Holds the lock until disposed; throws one line when a registry runs on <paramref name="dataDirectory"/>.</summary>
    public static IDisposable HoldExclusively(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        return Open(path, FileShare.None, () => $"the registry on {Path.GetFullPath(dataDirectory)} is running (it holds {path}): stop it first");
    }

    private static string PathIn(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return Path.Combine(Path.GetFullPath(dataDirectory), FileName);
    }

    private static FileStream Open(string path, FileShare share, Func<string> heldMessage)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = share,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException e) when (e.HResult == LockHeld)
        {
            throw new IOException(heldMessage(), e);
        }
    }
}
