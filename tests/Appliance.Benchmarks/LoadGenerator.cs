using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// Small-request throughput with real load generators: wrk for GET, hey for HEAD (wrk waits for a
/// body after a HEAD response and so mismeasures it).
/// </summary>
public static partial class LoadGenerator
{
    /// <param name="authorization">An Authorization header value for every request (a token, Basic credentials), or none.</param>
    public static async Task<(double RequestsPerSecond, double P99Milliseconds)> RunAsync(string method, Uri url, int concurrency, TimeSpan duration,
        string accept, string? authorization = null)
    {
        var seconds = Math.Max(1, (int)duration.TotalSeconds);
        string[] auth = authorization is null ? [] : ["-H", $"Authorization: {authorization}"];
        if (method == "GET")
        {
            var wrk = await ProcessRunner.RunAsync("wrk", ["-t", Math.Min(concurrency, 2).ToString(CultureInfo.InvariantCulture),
                "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--latency", "-H", $"Accept: {accept}", .. auth, url.ToString()],
                TimeSpan.FromSeconds(seconds + 30));
            return (Number(WrkRate().Match(wrk.StandardOutput)), Milliseconds(WrkP99().Match(wrk.StandardOutput)));
        }
        var hey = await ProcessRunner.RunAsync("hey", ["-m", method, "-c", concurrency.ToString(CultureInfo.InvariantCulture),
            "-z", $"{seconds}s", "-H", $"Accept: {accept}", .. auth, url.ToString()], TimeSpan.FromSeconds(seconds + 30));
        return (Number(HeyRate().Match(hey.StandardOutput)), Number(HeyP99().Match(hey.StandardOutput)) * 1000);
    }

    private static double Number(Match match) =>
        match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

    private static double Milliseconds(Match match)
    {
        if (!match.Success) return double.NaN;
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex WrkRate();

    [GeneratedRegex(@"99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex WrkP99();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex HeyRate();

    [GeneratedRegex(@"99%\s+in\s+([\d.]+)\s+secs")]
    private static partial Regex HeyP99();
}
