using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Appliance.Core.GarbageCollection;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Maintenance.Tests;

public sealed class SoakTests
{
    /// <summary>
    /// 16 pushers of images sharing layers, each deleting its older images, while garbage collection
    /// runs in a loop; bounded to about 20 s. No request may fail with a server error.
    /// </summary>
    [Fact]
    public async Task Pushes_deletes_and_collection_together_lose_nothing_and_never_fail()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RegistryServer.StartAsync("--gc:gracePeriod", "00:00:02");
        var serverErrors = new ConcurrentBag<string>();
        var shared = new[] { TestImages.Layer(64 * 1024, 1), TestImages.Layer(32 * 1024, 2) };
        var kept = new ConcurrentDictionary<string, TestImage>();
        var deleted = new ConcurrentDictionary<string, TestImage>();
        var collections = 0;
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(20);

        var collector = Task.Run(async () =>
        {
            var gc = server.Services.GetRequiredService<GarbageCollector>();
            while (clock.Elapsed < duration)
            {
                await gc.RunAsync(dryRun: false, progress: null, cancel);
                collections++;
                await Task.Delay(200, cancel);
            }
        }, cancel);

        var pushers = Enumerable.Range(0, 16).Select(p => Task.Run(async () =>
        {
            using var client = new RegistryHttpClient(new HttpClient(new ServerErrorRecorder(serverErrors, server.CreateHandler())) { BaseAddress = server.BaseAddress });
            var repository = $"soak/p{p}";
            var history = new List<TestImage>();
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var image = TestImages.Image(1, 8 * 1024, p * 10_000 + n, sharedLayers: shared);
                await client.PushImageAsync(repository, $"v{n}", image);
                history.Add(image);
                kept[$"{repository}@{image.Digest}"] = image;
                if (history.Count > 2)
                {
                    var old = history[^3];
                    using var delete = await client.Http.DeleteAsync($"/v2/{repository}/manifests/{old.Digest}", cancel);
                    Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
                    kept.TryRemove($"{repository}@{old.Digest}", out _);
                    deleted[$"{repository}@{old.Digest}"] = old;
                }
            }
        }, cancel)).ToList();

        await Task.WhenAll(pushers.Append(collector));
        Assert.Empty(serverErrors);
        Assert.True(collections > 0);
        Assert.NotEmpty(deleted);

        using var http = server.CreateClient();
        foreach (var (key, image) in kept)
        {
            var repository = key[..key.IndexOf('@')];
            Assert.Equal(image.Manifest.Content, await http.GetByteArrayAsync($"/v2/{repository}/manifests/{image.Digest}", cancel));
            foreach (var blob in image.Blobs) Assert.Equal(blob.Content, await http.GetByteArrayAsync($"/v2/{repository}/blobs/{blob.Digest}", cancel));
        }
        foreach (var key in deleted.Keys)
        {
            using var gone = await http.GetAsync($"/v2/{key[..key.IndexOf('@')]}/manifests/{key[(key.IndexOf('@') + 1)..]}", cancel);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        await server.StopAsync();
        await RegistryCli.AssertVerifiesCleanAsync(server.DataDirectory);
    }

    /// <summary>Remembers every 5xx answer (a "database is locked" would be one).</summary>
    private sealed class ServerErrorRecorder(ConcurrentBag<string> errors, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                errors.Add($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            return response;
        }
    }
}
