using System.Net;
using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

public sealed class ListingTests : RegistryTest
{
    private static readonly string[] Tags = ["v1.10", "v1.2", "A", "latest", "_x", "v1.9"];

    [Fact]
    public async Task Tags_are_listed_in_lexical_order()
    {
        await PushTagsAsync("app");
        var body = await GetJsonAsync("/v2/app/tags/list");
        Assert.Equal("app", body.GetProperty("name").GetString());
        Assert.Equal(Tags.Order(StringComparer.Ordinal), Strings(body.GetProperty("tags")));
    }

    [Fact]
    public async Task Tags_paginate_with_n_last_and_link()
    {
        await PushTagsAsync("app");
        var expected = Tags.Order(StringComparer.Ordinal).ToArray();
        var collected = new List<string>();
        var next = "/v2/app/tags/list?n=4";
        var pages = 0;
        while (next is not null)
        {
            using var response = await Http.GetAsync(next, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            collected.AddRange(Strings(document.RootElement.GetProperty("tags")));
            next = response.Headers.TryGetValues("Link", out var links) ? ParseNext(links.Single()) : null;
            pages++;
        }
        Assert.Equal(expected, collected);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task Last_past_the_end_and_n_zero_return_empty_pages()
    {
        await PushTagsAsync("app");
        Assert.Empty(Strings((await GetJsonAsync("/v2/app/tags/list?last=zzz")).GetProperty("tags")));
        using var zero = await Http.GetAsync("/v2/app/tags/list?n=0", Cancel);
        Assert.False(zero.Headers.Contains("Link"));
        Assert.Contains("\"tags\":[]", await zero.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Exact_page_size_has_no_link()
    {
        await PushTagsAsync("app");
        using var response = await Http.GetAsync($"/v2/app/tags/list?n={Tags.Length}", Cancel);
        Assert.False(response.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("ten")]
    public async Task Invalid_n_is_rejected(string n)
    {
        await PushTagsAsync("app");
        using var response = await Http.GetAsync($"/v2/app/tags/list?n={n}", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
    }

    [Fact]
    public async Task Unknown_repository_is_name_unknown()
    {
        using var response = await Http.GetAsync("/v2/nobody/tags/list", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Catalog_lists_repositories_with_pagination()
    {
        var image = TestImages.Image(1, 64, 1);
        string[] repositories = ["b/two", "a/one", "c/three/deep/er"];
        foreach (var repository in repositories) await Registry.PushImageAsync(repository, "v1", image);

        using var first = await Http.GetAsync("/v2/_catalog?n=2", Cancel);
        using var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(["a/one", "b/two"], Strings(firstBody.RootElement.GetProperty("repositories")));
        var next = ParseNext(first.Headers.GetValues("Link").Single());
        Assert.Equal("/v2/_catalog?n=2&last=b%2Ftwo", next);
        Assert.Equal(["c/three/deep/er"], Strings((await GetJsonAsync(next!)).GetProperty("repositories")));
    }

    private async Task PushTagsAsync(string repository)
    {
        var image = TestImages.Image(1, 64, 1);
        await Registry.PushImageAsync(repository, Tags[0], image);
        foreach (var tag in Tags.Skip(1))
        {
            using var put = await Registry.PutManifestAsync(repository, tag, image.Manifest);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(path, Cancel));
        return document.RootElement.Clone();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>Reads the target of <c>&lt;url&gt;; rel="next"</c>.</summary>
    private static string? ParseNext(string link)
    {
        Assert.EndsWith("rel=\"next\"", link);
        return link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
    }
}
