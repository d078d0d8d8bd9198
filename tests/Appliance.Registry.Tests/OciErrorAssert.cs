using System.Net;
using System.Text.Json;

namespace Appliance.Registry.Tests;

/// <summary>Asserts the spec's error body: <c>{"errors":[{"code","message","detail"}]}</c> with the right status.</summary>
public static class OciErrorAssert
{
    public static async Task<JsonElement> HasErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("errors")[0];
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error.Clone();
    }
}
