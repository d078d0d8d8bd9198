using Appliance.Core.Tls;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="ISharedCertificateStore"/>: the first seed wins; only a different certificate makes a new generation.</summary>
public abstract class SharedCertificateStoreContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private static CertificatePems Pems(string name) => new($"{name} ca", $"{name} ca key", $"{name} certificate", $"{name} key");

    [Fact]
    public async Task The_first_seed_wins_and_only_a_different_certificate_makes_a_new_generation()
    {
        var certificates = Store.Get<ISharedCertificateStore>();
        Assert.Null(await certificates.ReadNewerThanAsync(0, Cancel));

        var seeded = await certificates.SeedAsync(Pems("a"), Cancel);
        Assert.Equal(seeded, await certificates.SeedAsync(Pems("b"), Cancel));
        Assert.Equal(Pems("a"), seeded.Pems);
        Assert.Equal(seeded, await certificates.ReadNewerThanAsync(0, Cancel));
        Assert.Null(await certificates.ReadNewerThanAsync(seeded.Generation, Cancel));

        Assert.Equal(seeded, await certificates.PublishAsync(Pems("a"), Cancel));
        var replaced = await certificates.PublishAsync(Pems("c"), Cancel);

        Assert.Equal(new SharedCertificate(seeded.Generation + 1, Pems("c")), replaced);
        Assert.Equal(replaced, await certificates.ReadNewerThanAsync(seeded.Generation, Cancel));
    }
}
