using Appliance.Core.Storage;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// The paging rule every listing shares (tags, catalog): names in byte order after <c>last</c>, at most <c>n</c> of them,
/// "more" exactly when a name follows. Walked with every page size, so a page boundary anywhere is covered.
/// </summary>
public static class Listings
{
    /// <summary>Names that order differently by bytes than by a language's collation: case, digits, '.', '-', '_', '/'.</summary>
    public static readonly string[] AwkwardNames = ["a", "A", "a-b", "a.b", "a_b", "ab", "a0", "B", "b-1", "b.1", "b_1", "1", "10", "9", "z", "Z"];

    public static async Task AssertPagesAsync(IReadOnlyList<string> names, Func<int, string?, Task<Page<string>?>> list)
    {
        var expected = names.Order(StringComparer.Ordinal).ToList();
        for (var n = 1; n <= expected.Count + 1; n++)
        {
            var walked = new List<string>();
            string? last = null;
            while (true)
            {
                var page = await list(n, last) ?? throw new Xunit.Sdk.XunitException("the listing is unknown");
                Assert.True(page.Items.Count <= n, $"n={n} gave {page.Items.Count} names");
                walked.AddRange(page.Items);
                if (!page.HasMore) break;
                Assert.Equal(n, page.Items.Count);
                last = page.Items[^1];
            }
            Assert.Equal(expected, walked);
        }
        // After the last name, and after a name that is not listed, in byte order.
        var end = await list(10, expected[^1]);
        Assert.Empty(end!.Items);
        Assert.False(end.HasMore);
        var middle = expected[expected.Count / 2];
        var afterMissing = await list(1000, middle + "~");
        Assert.Equal(expected.Where(name => string.CompareOrdinal(name, middle + "~") > 0), afterMissing!.Items);
    }
}
