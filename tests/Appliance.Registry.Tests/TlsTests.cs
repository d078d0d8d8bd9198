using System.Net;
using System.Security.Cryptography.X509Certificates;
using Appliance.Certs;
using Appliance.Registry.Tls;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests;

public sealed class TlsTests : RegistryTest
{
    protected override string[] ServerArgs => ["--tls:enabled", "true", "--tls:reloadCheckSeconds", "1"];

    [Fact]
    public async Task Https_with_the_generated_ca_verifies_by_host_name_and_by_ip()
    {
        Assert.Equal("https", Server.BaseAddress.Scheme);
        using (var byName = await Http.GetAsync("/v2/", Cancel)) Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        using var byIp = new HttpClient(Server.CreateHandler()) { BaseAddress = new Uri($"https://127.0.0.1:{Server.BaseAddress.Port}/") };
        using (var response = await byIp.GetAsync("/v2/", Cancel)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_name_not_in_the_certificate_does_not_verify()
    {
        // Connects to this server but asks for a name the certificate does not carry.
        var handler = Server.CreateHandler();
        handler.ConnectCallback = ConnectToLoopback;
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://registry.invalid.test:{Server.BaseAddress.Port}/") };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/v2/", Cancel));
    }

    [Fact]
    public async Task Http2_is_negotiated()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await Http.SendAsync(request, Cancel);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Theory]
    [InlineData("-tls1")]
    [InlineData("-tls1_1")]
    public async Task Old_tls_versions_are_refused_by_the_server(string version)
    {
        // SECLEVEL=0 lets the client offer the old protocol, so a failure is the server's refusal.
        var result = await ProcessRunner.RunAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{Server.BaseAddress.Port}", version, "-cipher", "DEFAULT@SECLEVEL=0"], standardInput: "");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("alert protocol version", result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task Tls_1_2_and_1_3_are_accepted()
    {
        foreach (var version in new[] { "-tls1_2", "-tls1_3" })
        {
            var result = await ProcessRunner.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{Server.BaseAddress.Port}", version], standardInput: "");
            Assert.True(result.ExitCode == 0, result.StandardError);
        }
    }

    [Fact]
    public async Task Replaced_certificate_is_served_without_a_restart_while_an_upload_continues()
    {
        var oldSerial = await ServedSerialAsync();
        using var upload = await Http.PostAsync("/v2/app/blobs/uploads/", null, Cancel);
        var location = upload.Headers.Location!.OriginalString;
        var content = BlobUploadTests.RandomBytes(8 * 1024 * 1024, 3);
        var body = new SlowStream(content, chunk: 256 * 1024, delay: TimeSpan.FromMilliseconds(100));
        var patch = Http.PatchAsync(location, new StreamContent(body), Cancel);

        await body.HalfSent.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        var renewed = CertificateRenewal.RenewServerCertificate(Provider.Files);
        var newSerial = await WaitForServedSerialAsync(s => s != oldSerial);
        Assert.Equal(renewed.SerialNumber, newSerial, ignoreCase: true);

        using (var patched = await patch) Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        using var put = await Http.PutAsync($"{location}?digest={BlobUploadTests.Sha256(content)}", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task A_broken_replacement_is_refused_and_the_old_certificate_keeps_serving()
    {
        var oldSerial = await ServedSerialAsync();
        await File.WriteAllTextAsync(Provider.Files.ServerCertificatePath, "not a certificate", Cancel);
        Assert.False(Provider.TryReload());
        Assert.Equal(oldSerial, await ServedSerialAsync());
        using var ready = await Http.GetAsync("/health/ready", Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_the_certificate_expiry()
    {
        var body = await Http.GetStringAsync("/health/ready", Cancel);
        Assert.Contains("\"daysUntilExpiry\":7", body); // 729 or 730 days for a fresh two-year certificate
        Assert.Contains(await ServedSerialAsync(), body, StringComparison.OrdinalIgnoreCase);
    }

    private ServerCertificateProvider Provider => Server.Services.GetRequiredService<ServerCertificateProvider>();

    private Task<string> WaitForServedSerialAsync(Func<string, bool> condition) =>
        Poll.ForAsync("the served certificate changes", ServedSerialAsync, condition, within: TimeSpan.FromSeconds(20), every: TimeSpan.FromMilliseconds(200), Cancel);

    /// <summary>The serial of the certificate a brand-new connection is given.</summary>
    private async Task<string> ServedSerialAsync()
    {
        string? serial = null;
        var handler = Server.CreateHandler();
        var verify = handler.SslOptions.RemoteCertificateValidationCallback!;
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            serial = certificate is null ? null : new X509Certificate2(certificate).SerialNumber;
            return verify(sender, certificate, chain, errors);
        };
        using var client = new HttpClient(handler) { BaseAddress = Server.BaseAddress };
        using (await client.GetAsync("/health", Cancel)) { }
        return serial ?? throw new InvalidOperationException("no certificate was presented");
    }

    private static async ValueTask<Stream> ConnectToLoopback(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
        return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>A request body that trickles out, so a transfer is still in flight while the certificate changes.</summary>
    private sealed class SlowStream(byte[] content, int chunk, TimeSpan delay) : Stream
    {
        private int _position;
        public TaskCompletionSource HalfSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= content.Length) return 0;
            await Task.Delay(delay, cancellationToken);
            var count = Math.Min(Math.Min(chunk, buffer.Length), content.Length - _position);
            content.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            if (_position >= content.Length / 2) HalfSent.TrySetResult();
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => content.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
