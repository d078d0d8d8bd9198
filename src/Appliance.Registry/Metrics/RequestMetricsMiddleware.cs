using System.Diagnostics;

namespace Appliance.Registry.Metrics;

/// <summary>Times every request and counts blob bytes in and out; outermost, so it sees the status the client gets.</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next)
{
    // Status labels as strings, made once: formatting a number per request would allocate.
    private static readonly string[] StatusTexts = Enumerable.Range(0, 600).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = context.Request;
        var route = RouteKind.Of(request.Path);
        if (route == "upload" && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsDelete(request.Method))
        {
            request.Body = new CountingReadStream(request.Body, RegistryMetrics.BlobBytesReceived);
        }
        try
        {
            await next(context);
        }
        finally
        {
            var response = context.Response;
            var status = response.StatusCode;
            if (route == "blob" && HttpMethods.IsGet(request.Method) && status is 200 or 206 && response.ContentLength is { } sent)
            {
                RegistryMetrics.BlobBytesSent.Inc(sent);
            }
            RegistryMetrics.Requests.WithLabels(request.Method, route, status < StatusTexts.Length ? StatusTexts[status] : "other")
                .Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
