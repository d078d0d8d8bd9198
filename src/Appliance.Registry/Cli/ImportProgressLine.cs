using Appliance.Core.Configuration;
using Appliance.Core.Import;

namespace Appliance.Registry.Cli;

/// <summary>Prints an import's progress to stderr, one line at most every five seconds however often the import reports.</summary>
public sealed class ImportProgressLine(TimeProvider clock) : IProgress<ImportProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly DateTimeOffset _start = clock.GetUtcNow();
    private DateTimeOffset _lastLine = clock.GetUtcNow();

    public void Report(ImportProgress value)
    {
        var now = clock.GetUtcNow();
        if (now - _lastLine < Interval) return;
        _lastLine = now;
        var megabytesPerSecond = value.Bytes / 1e6 / Math.Max((now - _start).TotalSeconds, 0.001);
        Console.Error.WriteLine($"import: {value.Images} images, {value.Blobs} blobs, {ByteSizes.Format(value.Bytes)} read, {megabytesPerSecond:0.0} MB/s");
    }
}
