using System.Net;
using System.Net.Http.Headers;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary>
/// The registry as a real process, killed with SIGKILL in the middle of work. After a restart,
/// verify is clean, everything acknowledged before the kill is intact, and clients just retry.
/// </summary>
public sealed class CrashSafetyTests : IAsyncLifetime
{
    private readonly TestDirectory _data = new("appliance-crash");
    private RegistryProcess _registry = null!;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _registry = await RegistryProcess.StartAsync(_data.Path, "--gc:gracePeriod", "00:00:00", "--gc:batchSize", "1");

    [Fact]
    public async Task Killed_during_a_chunked_upload_the_client_resumes_from_the_reported_range()
    {
        var content = new byte[6 * 1024 * 1024];
        new Random(1).NextBytes(content);
        using var http = _registry.CreateClient();
        using var start = await http.PostAsync("/v2/app/blobs/uploads/", null, Cancel);
        var location = start.Headers.Location!.OriginalString;
        using (var first = await PatchAsync(http, location, content, 0, 1024 * 1024)) Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        var inFlight = PatchAsync(http, location, content, 1024 * 1024, content.Length, throttle: true);
        await Task.Delay(300, Cancel);
        await _registry.RestartAfterKillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => inFlight);

        using var fresh = _registry.CreateClient();
        using var status = await fresh.GetAsync(location, Cancel);
        var resumeAt = long.Parse(status.Headers.GetValues("Range").Single().Split('-')[1]) + 1;
        Assert.InRange(resumeAt, 1024 * 1024, content.Length);
        using (await PatchAsync(fresh, location, content, (int)resumeAt, content.Length)) { }
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        using var put = await fresh.PutAsync($"{location}?digest={digest}", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await fresh.GetByteArrayAsync($"/v2/app/blobs/{digest}", Cancel));
        await AssertVerifiesCleanAfterStopAsync();
    }

    [Fact]
    public async Task Killed_during_manifest_pushes_every_acknowledged_image_survives()
    {
        var images = Enumerable.Range(0, 400).Select(i => TestImages.Image(1, 2048, 1000 + i)).ToList();
        var acknowledged = await PushUntilKilledAsync(images, (client, image, i) => client.PushImageAsync("app", $"t{i}", image));
        Assert.NotEmpty(acknowledged);

        using var client = new RegistryHttpClient(_registry.CreateClient());
        foreach (var i in acknowledged)
        {
            Assert.Equal(images[i].Manifest.Content, await client.Http.GetByteArrayAsync($"/v2/app/manifests/t{i}", Cancel));
            foreach (var blob in images[i].Blobs) Assert.Equal(blob.Content, await client.Http.GetByteArrayAsync($"/v2/app/blobs/{blob.Digest}", Cancel));
        }
        var retried = acknowledged.Max() + 1;
        await client.PushImageAsync("app", $"t{retried}", images[retried]);
        await AssertVerifiesCleanAfterStopAsync();
    }

    [Fact]
    public async Task Killed_during_tag_moves_the_tag_points_at_a_whole_image()
    {
        var pair = new[] { TestImages.Image(1, 1024, 1), TestImages.Image(1, 1024, 2) };
        using (var setup = new RegistryHttpClient(_registry.CreateClient()))
        {
            foreach (var image in pair) await setup.PushImageAsync("app", image.Digest, image);
        }
        await PushUntilKilledAsync(Enumerable.Range(0, 2000).Select(i => pair[i % 2]).ToList(), async (client, image, _) =>
        {
            using var response = await client.PutManifestAsync("app", "latest", image.Manifest);
            response.EnsureSuccessStatusCode();
        });

        using var http = _registry.CreateClient();
        using var latest = await http.GetAsync("/v2/app/manifests/latest", Cancel);
        var served = await latest.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Contains(pair, image => image.Manifest.Content.SequenceEqual(served));
        await AssertVerifiesCleanAfterStopAsync();
    }

    [Fact]
    public async Task Killed_during_a_garbage_collection_sweep_nothing_referenced_is_lost()
    {
        var keep = TestImages.Image(2, 4096, 7);
        var garbage = Enumerable.Range(0, 400).Select(i => TestImages.Layer(512, 5000 + i)).ToList();
        using (var client = new RegistryHttpClient(_registry.CreateClient()))
        {
            await client.PushImageAsync("app", "keep", keep);
            foreach (var blob in garbage) await client.PushBlobAsync("scratch", blob);
        }
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancel);

        using (var http = _registry.CreateClient())
        {
            var sweep = http.PostAsync("/admin/gc", null, Cancel);
            // One blob per transaction: kill as soon as the first garbage file is gone, well before the sweep ends.
            await Poll.UntilAsync("the sweep removes a garbage file or ends", () => !garbage.All(BlobFileExists) || sweep.IsCompleted,
                within: TimeSpan.FromMinutes(1), every: TimeSpan.FromMilliseconds(2), Cancel);
            await _registry.RestartAfterKillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => sweep);
            Assert.Contains(garbage, BlobFileExists);
        }

        using var after = _registry.CreateClient();
        Assert.Equal(keep.Manifest.Content, await after.GetByteArrayAsync("/v2/app/manifests/keep", Cancel));
        foreach (var blob in keep.Blobs) Assert.Equal(blob.Content, await after.GetByteArrayAsync($"/v2/app/blobs/{blob.Digest}", Cancel));
        using (var again = await after.PostAsync("/admin/gc", null, Cancel)) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertVerifiesCleanAfterStopAsync();
    }

    /// <summary>Runs <paramref name="push"/> for each item in order until the server is killed (once a few are acknowledged); returns the acknowledged ones.</summary>
    private async Task<List<int>> PushUntilKilledAsync<T>(IReadOnlyList<T> items, Func<RegistryHttpClient, T, int, Task> push)
    {
        var acknowledged = new List<int>();
        using var client = new RegistryHttpClient(_registry.CreateClient());
        var pushing = Task.Run(async () =>
        {
            for (var i = 0; i < items.Count; i++)
            {
                await push(client, items[i], i);
                acknowledged.Add(i);
            }
        }, Cancel);
        // Kill in the middle of the pushes, whatever the machine's speed: once a few are acknowledged.
        await Poll.UntilAsync("three pushes are acknowledged or the pushing ends", () => acknowledged.Count >= 3 || pushing.IsCompleted,
            within: TimeSpan.FromSeconds(30), every: TimeSpan.FromMilliseconds(50), Cancel);
        await _registry.RestartAfterKillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => pushing);
        return acknowledged;
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient http, string location, byte[] content, int from, int to, bool throttle = false)
    {
        Stream body = new MemoryStream(content, from, to - from);
        if (throttle) body = new TrickleStream(body);
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StreamContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{from}-{to - 1}");
        request.Content.Headers.ContentLength = to - from;
        return await http.SendAsync(request, Cancel);
    }

    private bool BlobFileExists(TestBlob blob) => File.Exists(Path.Combine(_data.Path, "blobs", "sha256", blob.Digest[7..9], blob.Digest[7..]));

    private async Task AssertVerifiesCleanAfterStopAsync()
    {
        await _registry.KillAsync();
        await RegistryCli.AssertVerifiesCleanAsync(_data.Path);
    }

    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Sends a body slowly enough that a kill lands in the middle of it.</summary>
    private sealed class TrickleStream(Stream inner) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(20, cancellationToken);
            return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
