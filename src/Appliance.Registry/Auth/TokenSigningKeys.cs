using System.Security.Cryptography;
using Appliance.Certs;
using Appliance.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Appliance.Registry.Auth;

/// <summary>
/// ES256 keys that sign registry tokens, kept as 0600 PEM files under &lt;data&gt;/auth. The newest key
/// signs; the one before it still validates, so rotating never invalidates tokens already issued.
/// </summary>
public sealed class TokenSigningKeys
{
    private const string Prefix = "token-signing-";
    private readonly string _directory;
    private readonly Lock _gate = new();
    private IReadOnlyList<ECDsaSecurityKey> _keys = [];

    public TokenSigningKeys(IOptions<StorageOptions> storage)
    {
        _directory = Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "auth");
    }

    public ECDsaSecurityKey Current => Keys[0];

    public IReadOnlyList<ECDsaSecurityKey> Keys
    {
        get
        {
            lock (_gate)
            {
                if (_keys.Count == 0) _keys = LoadOrCreate();
                return _keys;
            }
        }
    }

    /// <summary>Generates a new signing key; the previous one keeps validating, older ones are removed.</summary>
    public void Rotate()
    {
        lock (_gate)
        {
            var previous = LoadOrCreate();
            Create();
            foreach (var stale in previous.Skip(1)) File.Delete(PathOf(stale.KeyId));
            _keys = LoadOrCreate();
        }
    }

    private List<ECDsaSecurityKey> LoadOrCreate()
    {
        Directory.CreateDirectory(_directory);
        var files = new DirectoryInfo(_directory).GetFiles(Prefix + "*.pem").OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name).ToList();
        if (files.Count == 0) return [Create()];
        return files.Select(file =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(File.ReadAllText(file.FullName));
            return new ECDsaSecurityKey(ecdsa) { KeyId = file.Name[Prefix.Length..^".pem".Length] };
        }).ToList();
    }

    private ECDsaSecurityKey Create()
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = Convert.ToHexStringLower(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()))[..16];
        PemFiles.WriteAtomically(PathOf(keyId), ecdsa.ExportPkcs8PrivateKeyPem(), PemFiles.PrivateMode);
        return new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
    }

    private string PathOf(string keyId) => Path.Combine(_directory, $"{Prefix}{keyId}.pem");
}
