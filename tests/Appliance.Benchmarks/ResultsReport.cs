using System.Text;
using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>Writes the table as Markdown (for people) and JSON (for comparing runs), with the machine it ran on.</summary>
public sealed class ResultsReport(BenchmarkSettings settings)
{
    private readonly List<ResultRow> _rows = [];
    private readonly Dictionary<string, string> _machine = [];
    private readonly List<string> _notes = [];

    public void Add(ResultRow row) => _rows.Add(row);

    public void Note(string note) => _notes.Add(note);

    public async Task DescribeMachineAsync(string dataDirectory)
    {
        _machine["cpu"] = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        _machine["cores"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _machine["memory"] = File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim();
        _machine["kernel"] = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        _machine["filesystem"] = (await ProcessRunner.RunAsync("df", ["-T", dataDirectory])).StandardOutput.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        _machine["skopeo"] = (await ProcessRunner.RunAsync("skopeo", ["--version"])).StandardOutput.Trim();
        _machine["distribution"] = (await ProcessRunner.RunAsync("docker-registry", ["--version"])).StandardOutput.Trim();
        _machine["wrk"] = (await ProcessRunner.RunAsync("wrk", ["--version"])).StandardOutput.Split('\n')[0].Trim();
        _machine["mode"] = settings.Quick ? "quick (tiny sizes, 1 repetition: proves the harness, not the speed)" : $"full ({settings.Repetitions} repetitions, {settings.BigLayerRepetitions} for the big layer)";
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"# Benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine();
        foreach (var (key, value) in _machine) text.AppendLine($"- {key}: {value}");
        text.AppendLine().AppendLine("Medians with (min..max) over the repetitions. Ratio: how many times better ours is than distribution (>1 = better); TLS ratio: the same over HTTPS.")
            .AppendLine().AppendLine("| metric | ours | distribution | ratio | ours, TLS | distribution, TLS | TLS ratio | % of limit | target |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in _rows)
        {
            text.AppendLine($"| {row.Metric} | {row.Ours?.Format()} | {row.Distribution?.Format()} | {row.Ratio} | {row.OursTls?.Format()} | " +
                            $"{row.DistributionTls?.Format()} | {row.TlsRatio} | {row.PercentOfLimit} | {row.Target} |");
        }
        if (_notes.Count > 0) text.AppendLine().AppendJoin(Environment.NewLine, _notes.Select(n => $"- {n}")).AppendLine();
        return text.ToString();
    }

    public async Task WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var markdown = ToMarkdown();
        await File.WriteAllTextAsync(Path.Combine(directory, $"{stamp}{settings.ResultSuffix}.md"), markdown);
        if (settings.ResultSuffix.Length == 0) await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), markdown);
        var json = new
        {
            machine = _machine,
            rows = _rows.Select(r => new
            {
                r.Metric, unit = (r.Ours ?? r.OursTls)?.Unit, ours = r.Ours?.Values, distribution = r.Distribution?.Values, oursTls = r.OursTls?.Values,
                distributionTls = r.DistributionTls?.Values,
                r.Limit, r.Target,
            }),
            notes = _notes,
        };
        await File.WriteAllTextAsync(Path.Combine(directory, $"{stamp}{settings.ResultSuffix}.json"),
            JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
    }
}
