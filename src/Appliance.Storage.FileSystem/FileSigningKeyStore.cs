using Appliance.Certs;
using Appliance.Core.Auth;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.FileSystem;

/// <summary>
/// Signing keys of a single registry: 0600 PEM files under &lt;data&gt;/auth, the newest file signing. Read once and
/// cached by <see cref="TokenSigningKeys"/>, so keys copied in by hand take effect at the next start.
/// </summary>
public sealed class FileSigningKeyStore : ISigningKeyStore
{
    private const string Prefix = "token-signing-";
    private readonly string _directory;
    private readonly Lock _gate = new();

    public FileSigningKeyStore(IOptions<FileSystemStorageOptions> storage)
    {
        _directory = Path.GetFullPath(storage.Value.AuthDirectory);
    }

    public bool IsShared => false;

    public Task<IReadOnlyList<SigningKey>> LoadOrCreateAsync(Func<SigningKey> create, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var keys = Load();
            if (keys.Count > 0) return Task.FromResult(keys);
            Write(create());
            return Task.FromResult(Load());
        }
    }

    public Task<IReadOnlyList<SigningKey>> RotateAsync(SigningKey next, int keep, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var previous = Load();
            Write(next);
            foreach (var stale in previous.Skip(keep - 1)) File.Delete(PathOf(stale.KeyId));
            return Task.FromResult(Load());
        }
    }

    private IReadOnlyList<SigningKey> Load()
    {
        Directory.CreateDirectory(_directory);
        return new DirectoryInfo(_directory).GetFiles(Prefix + "*.pem")
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name)
            .Select(file => new SigningKey(file.Name[Prefix.Length..^".pem".Length], File.ReadAllText(file.FullName)))
            .ToList();
    }

    private void Write(SigningKey key)
    {
        Directory.CreateDirectory(_directory);
        PemFiles.WriteAtomically(PathOf(key.KeyId), key.PrivateKeyPem, PemFiles.PrivateMode);
    }

    private string PathOf(string keyId) => Path.Combine(_directory, $"{Prefix}{keyId}.pem");
}
