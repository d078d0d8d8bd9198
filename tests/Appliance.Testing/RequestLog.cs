using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Testing;

/// <summary>One request as the registry answered it.</summary>
public sealed record ServedRequest(string Method, string Path, int StatusCode)
{
    public override string ToString() => $"{Method} {Path} {StatusCode}";
}

/// <summary>
/// Every request the running registry answers from now on, seen from the server side: a test can prove which way a
/// client really went (e.g. that containerd got its token by POST, not by a silent fall-back to GET). It listens to the
/// host's own ASP.NET Core diagnostic events, so only this server's requests are recorded.
/// </summary>
public sealed class RequestLog : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string RequestFinished = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop";
    private readonly ConcurrentQueue<ServedRequest> _requests = new();
    private readonly IDisposable _subscription;

    public RequestLog(RegistryServer server) =>
        _subscription = server.Services.GetRequiredService<DiagnosticListener>().Subscribe(this);

    public IReadOnlyList<ServedRequest> Requests => [.. _requests];

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RequestFinished && value.Value is HttpContext context)
        {
            _requests.Enqueue(new ServedRequest(context.Request.Method, context.Request.Path, context.Response.StatusCode));
        }
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose() => _subscription.Dispose();
}
