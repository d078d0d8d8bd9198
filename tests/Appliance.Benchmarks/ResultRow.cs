namespace Appliance.Benchmarks;

/// <summary>One line of the results table; <see cref="Limit"/> is the physical limit the median is compared with, if any.</summary>
public sealed record ResultRow(string Metric, Measurement Ours, Measurement? Distribution, Measurement? OursTls, bool HigherIsBetter, double? Limit, string Target)
{
    public string Ratio
    {
        get
        {
            if (Distribution is null || double.IsNaN(Distribution.Median) || double.IsNaN(Ours.Median) || Distribution.Median == 0) return "";
            var ratio = HigherIsBetter ? Ours.Median / Distribution.Median : Distribution.Median / Ours.Median;
            return $"{ratio:0.00}x";
        }
    }

    public string PercentOfLimit => Limit is { } limit && !double.IsNaN(Ours.Median) ? $"{100 * Ours.Median / limit:0}%" : "";
}
