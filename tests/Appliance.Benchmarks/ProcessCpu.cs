using System.Globalization;

namespace Appliance.Benchmarks;

/// <summary>CPU time of a process from /proc/PID/stat, so a server's cost can be set against the bytes it served.</summary>
public static class ProcessCpu
{
    /// <summary>USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture the appliance ships for.</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15, so 12 and 13 after the name and the state.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
