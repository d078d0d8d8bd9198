using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Appliance.Core.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Maintenance.Tests;

public sealed class AdminEndpointTests
{
    [Fact]
    public async Task Only_admins_may_start_a_collection()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RegistryServer.StartAsync("--auth:enabled", "true", "--auth:initPassword", "admin-password", "--auth:bcryptCost", "11");
        await server.Services.GetRequiredService<UserService>().AddAsync("pusher", Role.Push, "pusher-password", cancel);
        using var http = server.CreateClient();

        using (var anonymous = await http.PostAsync("/admin/gc", null, cancel)) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        http.DefaultRequestHeaders.Authorization = Basic("pusher", "pusher-password");
        using (var pusher = await http.PostAsync("/admin/gc", null, cancel)) Assert.Equal(HttpStatusCode.Forbidden, pusher.StatusCode);
        http.DefaultRequestHeaders.Authorization = Basic("init", "admin-password");
        using var admin = await http.PostAsync("/admin/gc?dryRun=true", null, cancel);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("\"blobsRemoved\"", await admin.Content.ReadAsStringAsync(cancel));
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
