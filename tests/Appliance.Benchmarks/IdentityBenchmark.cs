using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Registry.Auth;
using Appliance.Registry.Cli;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Benchmarks;

/// <summary>
/// What namespace permissions cost: two registries of ours over TLS with token auth, one with global roles only (the
/// caller a pull user), one with 1,000 grants and 100 robot accounts (the caller a robot whose only right is its grant).
/// GET manifest with a token, GET manifest with Basic credentials (decided per request), and the token endpoint, at
/// c=16. And a first login: a directory user against a real OpenLDAP (search + bind + groups) next to a local bcrypt one.
/// </summary>
public sealed class IdentityBenchmark(BenchmarkSettings settings, string binary, string work)
{
    private const int Grants = 1_000;
    private const int Robots = 100;
    private static readonly TestImage Small = TestImages.Image(1, 1024, 7);

    public sealed record Result(List<(string Metric, Measurement WithGrants, Measurement GlobalRoles)> Rates,
        Measurement DirectoryLogin, Measurement LocalLogin);

    public async Task<Result> RunAsync()
    {
        var admin = new BasicCredentials("init", Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        await using var global = new ApplianceRegistry(binary, work, tls: true, "global roles", admin);
        await using var granted = new ApplianceRegistry(binary, work, tls: true, "1,000 grants", admin);
        var plainReader = await PrepareAsync(global, admin, withGrants: false);
        var robotReader = await PrepareAsync(granted, admin, withGrants: true);
        await global.StartAsync();
        await granted.StartAsync();
        foreach (var registry in new[] { global, granted })
        {
            using var client = new RegistryHttpClient(registry.CreateClient());
            client.Http.DefaultRequestHeaders.Authorization = Basic(admin);
            await client.PushImageAsync("bench/small", "v1", Small);
        }

        var rates = new List<(string, Measurement, Measurement)>();
        foreach (var (label, request) in new (string, Func<ApplianceRegistry, BasicCredentials, Task<(Uri, string)>>)[]
        {
            ("GET manifest with a token, c=16", async (r, c) => (new Uri(r.BaseAddress, "v2/bench/small/manifests/v1"), $"Bearer {await TokenAsync(r, c)}")),
            ("GET manifest with Basic credentials, c=16", (r, c) => Task.FromResult((new Uri(r.BaseAddress, "v2/bench/small/manifests/v1"), $"Basic {Encode(c)}"))),
            ("token endpoint (Basic, one scope), c=16", (r, c) => Task.FromResult((new Uri(r.BaseAddress,
                $"v2/auth?service={r.Host}&scope=repository:bench/small:pull"), $"Basic {Encode(c)}"))),
        })
        {
            var withGrants = new Measurement("req/s");
            var globalRoles = new Measurement("req/s");
            // One unrecorded pass each first: the registry measured first otherwise ran on code not yet optimised by the JIT
            // while the other one, started just before, was still compiling beside it (0.75-0.81x between equal setups).
            foreach (var (registry, caller) in new[] { (granted, robotReader), (global, plainReader) })
            {
                var (url, authorization) = await request(registry, caller);
                await LoadGenerator.RunAsync("GET", url, 16, settings.LoadDuration, TestImages.OciManifest, authorization);
            }
            for (var i = 0; i < settings.Repetitions; i++)
            {
                foreach (var (registry, caller, into) in new[] { (granted, robotReader, withGrants), (global, plainReader, globalRoles) })
                {
                    var (url, authorization) = await request(registry, caller);
                    var (rate, _) = await LoadGenerator.RunAsync("GET", url, 16, settings.LoadDuration, TestImages.OciManifest, authorization);
                    into.Add(rate);
                }
            }
            rates.Add((label, withGrants, globalRoles));
        }
        var (directory, local) = await FirstLoginsAsync(admin);
        return new Result(rates, directory, local);
    }

    /// <summary>Offline, before the start, through the registry's own services: the caller, and with grants the 1,000 grants and 100 robots.</summary>
    private static async Task<BasicCredentials> PrepareAsync(ApplianceRegistry registry, BasicCredentials admin, bool withGrants)
    {
        await using var offline = await OfflineRegistry.OpenAsync(["--data", registry.DataDirectory, "--tls:enabled", "true",
            "--auth:enabled", "true", "--auth:initPassword", admin.Password], CancellationToken.None);
        var services = offline.Services;
        if (!withGrants)
        {
            await services.GetRequiredService<UserService>().AddAsync("reader", Role.Pull, "reader-password-1", CancellationToken.None);
            return new BasicCredentials("reader", "reader-password-1");
        }
        var robots = services.GetRequiredService<RobotService>();
        var grants = services.GetRequiredService<GrantService>();
        var groups = services.GetRequiredService<GroupService>();
        await groups.AddAsync("teams", CancellationToken.None);
        string secret = "";
        for (var i = 0; i < Robots; i++)
        {
            var (robot, robotSecret) = await robots.AddAsync(i == 0 ? "bench" : $"team-{i:D3}", "reader", "", null, null, CancellationToken.None);
            await grants.SetAsync(new Grant(PrincipalKind.Robot, robot.Name, robot.Namespace, NamespacePermission.Pull), CancellationToken.None);
            if (i == 0) secret = robotSecret;
        }
        for (var i = Robots; i < Grants; i++)
        {
            var pattern = i % 3 == 0 ? $"team-{i:D4}*" : $"team-{i:D4}";
            await grants.SetAsync(new Grant(PrincipalKind.Group, "teams", pattern, (NamespacePermission)(1 + i % 3)), CancellationToken.None);
        }
        return new BasicCredentials("bench+reader", secret);
    }

    /// <summary>First logins (nothing remembered): each directory user of a real OpenLDAP once, and as many local users.</summary>
    private async Task<(Measurement Directory, Measurement Local)> FirstLoginsAsync(BasicCredentials admin)
    {
        await using var slapd = await SlapdServer.CreateAsync(CancellationToken.None);
        await using var registry = new ApplianceRegistry(binary, work, tls: true, "directory", admin,
        [
            "--auth:ldap:url", slapd.LdapsUrl, "--auth:ldap:caFile", slapd.CaFile, "--auth:ldap:bindDn", SlapdDirectory.ServiceDn,
            "--auth:ldap:bindPasswordFile", slapd.ServicePasswordFile, "--auth:ldap:userBase", SlapdDirectory.PeopleDn,
            "--auth:ldap:groupBase", SlapdDirectory.GroupsDn, "--auth:ldap:nestedGroups", "recursive",
        ]);
        var local = SlapdDirectory.Users.Select(user => new BasicCredentials($"local-{user}", $"{user}-local-password")).ToArray();
        await using (var offline = await OfflineRegistry.OpenAsync(["--data", registry.DataDirectory, "--tls:enabled", "true", "--auth:enabled", "true",
                         "--auth:initPassword", admin.Password], CancellationToken.None))
        {
            // bcrypt at the shipped cost (12), as every local user's password is stored.
            foreach (var user in local) await offline.Services.GetRequiredService<UserService>().AddAsync(user.User, Role.Pull, user.Password, CancellationToken.None);
        }
        await registry.StartAsync();
        using var http = registry.CreateClient();
        var directoryLogins = new Measurement("ms");
        var localLogins = new Measurement("ms");
        foreach (var (user, index) in SlapdDirectory.Users.Select((user, index) => (user, index)))
        {
            directoryLogins.Add(await LoginMillisecondsAsync(http, registry, new BasicCredentials(user, SlapdDirectory.Password(user))));
            localLogins.Add(await LoginMillisecondsAsync(http, registry, local[index]));
        }
        return (directoryLogins, localLogins);
    }

    private static async Task<double> LoginMillisecondsAsync(HttpClient http, BenchmarkRegistry registry, BasicCredentials credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/auth?service={registry.Host}&scope=repository:bench/small:pull");
        request.Headers.Authorization = Basic(credentials);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"login of {credentials.User}: {(int)response.StatusCode}");
        return elapsed;
    }

    private static async Task<string> TokenAsync(BenchmarkRegistry registry, BasicCredentials credentials)
    {
        using var http = registry.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/auth?service={registry.Host}&scope=repository:bench/small:pull");
        request.Headers.Authorization = Basic(credentials);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private static string Encode(BasicCredentials credentials) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}"));

    private static AuthenticationHeaderValue Basic(BasicCredentials credentials) => new("Basic", Encode(credentials));
}
