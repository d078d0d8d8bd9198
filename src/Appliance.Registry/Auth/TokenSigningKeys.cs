using System.Security.Cryptography;
using Appliance.Core.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Appliance.Registry.Auth;

/// <summary>
/// ES256 keys that sign registry tokens, kept by <see cref="ISigningKeyStore"/> and cached here. The newest key
/// signs; the one before it still validates, so rotating never invalidates tokens already issued. A shared store is
/// re-read by <see cref="SigningKeyRefresh"/> and whenever a token names a key this replica has not seen yet.
/// </summary>
public sealed class TokenSigningKeys(ISigningKeyStore store, TimeProvider clock)
{
    /// <summary>The signing key and the one before it.</summary>
    private const int KeptKeys = 2;

    /// <summary>How often a token naming an unknown key may trigger a read: forged key ids must not load the database.</summary>
    private static readonly TimeSpan UnknownKeyRefreshSpacing = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private IReadOnlyList<ECDsaSecurityKey> _keys = [];
    private DateTimeOffset _lastUnknownKeyRefresh;

    public ECDsaSecurityKey Current => Keys[0];

    public IReadOnlyList<ECDsaSecurityKey> Keys
    {
        get
        {
            var keys = Volatile.Read(ref _keys);
            if (keys.Count > 0) return keys;
            // First use. The file store answers synchronously; a shared store has normally been read by SigningKeyRefresh already.
            return Replace(store.LoadOrCreateAsync(Create, CancellationToken.None).GetAwaiter().GetResult());
        }
    }

    public bool IsShared => store.IsShared;

    /// <summary>Signs with a new key from now on; the previous one keeps validating, older ones are removed.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken) =>
        Replace(await store.RotateAsync(Create(), KeptKeys, cancellationToken));

    /// <summary>Takes up what other replicas did to a shared store (a first key, a rotation).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken) =>
        Replace(await store.LoadOrCreateAsync(Create, cancellationToken));

    /// <summary>
    /// Re-reads a shared store when a token names a key not held here: another replica may have just rotated, and its
    /// tokens should not be refused until the next refresh.
    /// </summary>
    public async Task RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        if (!store.IsShared || Keys.Any(k => k.KeyId == keyId)) return;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _lastUnknownKeyRefresh < UnknownKeyRefreshSpacing) return;
            _lastUnknownKeyRefresh = now;
        }
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Keeps the key objects already held when the store lists the same keys, as it does on almost every refresh.</summary>
    private IReadOnlyList<ECDsaSecurityKey> Replace(IReadOnlyList<SigningKey> stored)
    {
        lock (_gate)
        {
            if (!_keys.Select(k => k.KeyId).SequenceEqual(stored.Select(k => k.KeyId)))
            {
                var held = _keys.ToDictionary(k => k.KeyId);
                _keys = stored.Select(key => held.GetValueOrDefault(key.KeyId) ?? Import(key)).ToList();
            }
            return _keys;
        }
    }

    private static ECDsaSecurityKey Import(SigningKey key)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.PrivateKeyPem);
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
    }

    private static SigningKey Create()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = Convert.ToHexStringLower(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()))[..16];
        return new SigningKey(keyId, ecdsa.ExportPkcs8PrivateKeyPem());
    }
}
