using Appliance.Core.Auth;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="ISigningKeyStore"/>: the first key is made once; a rotation puts the new key first and keeps the newest few.</summary>
public abstract class SigningKeyStoreContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private static SigningKey Key(string id) => new(id, $"-----BEGIN PRIVATE KEY-----\n{id}\n-----END PRIVATE KEY-----\n");

    [Fact]
    public async Task The_first_key_is_created_once_and_rotations_keep_the_newest_first()
    {
        var keys = Store.Get<ISigningKeyStore>();
        var created = 0;
        SigningKey Create() { created++; return Key($"k{created}"); }

        Assert.Equal([Key("k1")], await keys.LoadOrCreateAsync(Create, Cancel));
        Assert.Equal([Key("k1")], await keys.LoadOrCreateAsync(Create, Cancel));
        Assert.Equal(1, created);

        Assert.Equal([Key("k2"), Key("k1")], await keys.RotateAsync(Key("k2"), keep: 2, Cancel));
        Assert.Equal([Key("k3"), Key("k2")], await keys.RotateAsync(Key("k3"), keep: 2, Cancel));
        Assert.Equal([Key("k4")], await keys.RotateAsync(Key("k4"), keep: 1, Cancel));
        Assert.Equal([Key("k4")], await keys.LoadOrCreateAsync(Create, Cancel));
    }
}
