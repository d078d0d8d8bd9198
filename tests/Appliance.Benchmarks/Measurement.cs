namespace Appliance.Benchmarks;

/// <summary>Repeated observations of one figure; reported as median and spread.</summary>
public sealed class Measurement(string unit)
{
    private readonly List<double> _values = [];

    public string Unit { get; } = unit;
    public IReadOnlyList<double> Values => _values;

    public void Add(double value) => _values.Add(value);

    public double Median
    {
        get
        {
            if (_values.Count == 0) return double.NaN;
            var sorted = _values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public string Format() => _values.Count switch
    {
        0 => "n/a",
        1 => $"{Median:0.##} {Unit}",
        _ => $"{Median:0.##} {Unit} ({_values.Min():0.##}..{_values.Max():0.##})",
    };
}
