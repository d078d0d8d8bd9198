using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Appliance.Core.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests;

public sealed class MetricsTests : RegistryTest
{
    private const string InitPassword = "init-password-for-tests";

    protected override string[] ServerArgs => TlsAndAuth(InitPassword);

    [Fact]
    public async Task A_real_prometheus_scrapes_with_the_metrics_role_and_sees_a_push()
    {
        await AddUserAsync("prometheus", Role.Metrics);
        await using var prometheus = await PrometheusServer.StartAsync(Server.BaseAddress, "prometheus", "prometheus-password", Server.CaCertificatePath);
        Assert.Equal(1, await prometheus.WaitForAsync("up{job=\"appliance\"}", value => value == 1, TimeSpan.FromSeconds(30)));

        const string manifestPuts = "sum(appliance_http_request_duration_seconds_count{route=\"manifest\",method=\"PUT\",status=\"201\"}) or vector(0)";
        var before = await prometheus.QueryAsync(manifestPuts);
        Authorize(Registry.Http, "init", InitPassword);
        await Registry.PushImageAsync("monitored/app", "v1", TestImages.Image(2, 64 * 1024, 90));

        // Other tests in this process push manifests at the same time: the counter moves at least by this test's push.
        var after = await prometheus.WaitForAsync(manifestPuts, value => value > before, TimeSpan.FromSeconds(30));
        Assert.True(after >= before + 1);
        Assert.True(await prometheus.WaitForAsync("appliance_blob_bytes_received_total", value => value >= 2 * 64 * 1024, TimeSpan.FromSeconds(30)) >= 2 * 64 * 1024);
        Assert.True(await prometheus.WaitForAsync("appliance_repositories", value => value >= 1, TimeSpan.FromSeconds(30)) >= 1);
        Assert.True(await prometheus.QueryAsync("appliance_certificate_expiry_seconds") > 300 * 86400);
    }

    [Fact]
    public async Task Metrics_need_the_admin_or_metrics_role_and_that_role_reads_nothing_else()
    {
        await AddUserAsync("prometheus", Role.Metrics);
        await AddUserAsync("puller", Role.Pull);
        using (var anonymous = await Http.GetAsync("/metrics", Cancel)) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var puller = await GetAsync("/metrics", "puller")) Assert.Equal(HttpStatusCode.Forbidden, puller.StatusCode);
        using (var metrics = await GetAsync("/metrics", "prometheus"))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType!.ToString());
            var text = await metrics.Content.ReadAsStringAsync(Cancel);
            foreach (var name in new[] { "appliance_http_request_duration_seconds", "appliance_blobs", "appliance_stored_bytes", "appliance_filesystem_free_bytes", "process_cpu_seconds_total" })
            {
                Assert.Contains(name, text);
            }
            Assert.DoesNotContain("puller", text);
        }
        using (var pull = await GetAsync("/v2/some/app/tags/list", "prometheus")) Assert.Equal(HttpStatusCode.Forbidden, pull.StatusCode);
        using (var catalog = await GetAsync("/v2/_catalog", "prometheus")) Assert.Equal(HttpStatusCode.Unauthorized, catalog.StatusCode);
    }

    [Fact]
    public async Task Failed_logins_and_issued_tokens_are_counted()
    {
        var before = await ScrapeAsync();
        using (var wrong = await GetAsync("/v2/auth?scope=repository:a:pull", "init", "wrong")) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var token = await GetAsync("/v2/auth?scope=repository:a:pull", "init")) Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var after = await ScrapeAsync();
        // Other tests in this process may log in at the same time: the counters move at least by this test's share.
        Assert.True(after["appliance_login_failures_total"] >= before["appliance_login_failures_total"] + 1);
        Assert.True(after["appliance_tokens_issued_total"] >= before["appliance_tokens_issued_total"] + 1);
    }

    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        using var response = await GetAsync("/metrics", "init");
        var text = await response.Content.ReadAsStringAsync(Cancel);
        return text.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#') && !line.Contains('{'))
            .Select(line => line.Split(' ')).ToDictionary(parts => parts[0], parts => double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string user, string? password = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = BasicHeader(user, password ?? (user == "init" ? InitPassword : $"{user}-password"));
        return await Http.SendAsync(request, Cancel);
    }

    private static void Authorize(HttpClient http, string user, string password) => http.DefaultRequestHeaders.Authorization = BasicHeader(user, password);

    private static AuthenticationHeaderValue BasicHeader(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private async Task AddUserAsync(string name, Role role) =>
        await Server.Services.GetRequiredService<UserService>().AddAsync(name, role, $"{name}-password", Cancel);
}

public sealed class AnonymousMetricsTests : RegistryTest
{
    protected override string[] ServerArgs => ["--auth:enabled", "true", "--metrics:anonymous", "true", "--auth:bcryptCost", "10"];

    [Fact]
    public async Task Anyone_may_read_metrics_when_configured_but_nothing_else()
    {
        using (var metrics = await Http.GetAsync("/metrics", Cancel)) Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        using var catalog = await Http.GetAsync("/v2/_catalog", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, catalog.StatusCode);
    }
}
