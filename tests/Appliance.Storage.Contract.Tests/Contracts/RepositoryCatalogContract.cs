using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IRepositoryCatalog"/>: every repository that holds something, paged like the tags.</summary>
public abstract class RepositoryCatalogContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    [Fact]
    public async Task Repositories_page_with_n_and_last_in_byte_order()
    {
        var catalog = Store.Get<IRepositoryCatalog>();
        await catalog.PingAsync(Cancel);
        Assert.Equal(new Page<string>([], false).Items, (await catalog.ListAsync(10, null, Cancel)).Items);
        // Repository names are lower case: '-', '.', '/', '_' and digits are what collations order differently.
        var names = new[] { "a", "a-b", "a.b", "a/b", "a_b", "ab", "a0", "a/b/c", "b-1", "b.1", "b/1", "b_1", "1", "10", "9", "z" }
            .Select(TestContent.Repository).ToList();
        var blob = TestContent.Blob();
        await Store.PushAsync(names[0], blob, Cancel);
        foreach (var name in names.Skip(1)) Assert.True(await Store.Get<IBlobIndex>().MountAsync(name, blob.Digest, names[0], Cancel));

        await Listings.AssertPagesAsync(names.Select(n => n.Value).ToList(), async (n, last) => await catalog.ListAsync(n, last, Cancel));
    }
}
