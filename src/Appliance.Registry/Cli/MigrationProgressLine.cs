using Appliance.Core.Configuration;
using Appliance.Core.Migration;

namespace Appliance.Registry.Cli;

/// <summary>
/// Prints a migration's progress to stderr, one line at most every few seconds however often the copy reports (blobs are
/// copied side by side, so reports come from several threads).
/// </summary>
public sealed class MigrationProgressLine(TimeProvider clock) : IProgress<MigrationProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private DateTimeOffset _lastLine = DateTimeOffset.MinValue;

    public void Report(MigrationProgress value)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _lastLine < Interval) return;
            _lastLine = now;
        }
        var items = value.Total > 0 ? $"{value.Done}/{value.Total}" : $"{value.Done}";
        var bytes = value.TotalBytes > 0 ? $", {ByteSizes.Format(value.Bytes)} of {ByteSizes.Format(value.TotalBytes)}" : "";
        Console.Error.WriteLine($"migrate: {value.Phase} {items}{bytes}");
    }
}
