namespace Appliance.Benchmarks;

/// <summary>
/// One line of the results table: each registry over plain HTTP and over TLS, where measured. <see cref="Limit"/> is the
/// physical limit our plain-HTTP median is compared with, if any.
/// </summary>
public sealed record ResultRow(string Metric, Measurement? Ours, Measurement? Distribution, Measurement? OursTls, Measurement? DistributionTls,
    bool HigherIsBetter, double? Limit, string Target)
{
    public string Ratio => RatioOf(Ours, Distribution);

    /// <summary>Ours over TLS against distribution over TLS: HTTPS with HTTPS.</summary>
    public string TlsRatio => RatioOf(OursTls, DistributionTls);

    public string PercentOfLimit => Limit is { } limit && Ours is not null && !double.IsNaN(Ours.Median) ? $"{100 * Ours.Median / limit:0}%" : "";

    private string RatioOf(Measurement? ours, Measurement? distribution)
    {
        if (ours is null || distribution is null || double.IsNaN(distribution.Median) || double.IsNaN(ours.Median) || distribution.Median == 0 || ours.Median == 0) return "";
        var ratio = HigherIsBetter ? ours.Median / distribution.Median : distribution.Median / ours.Median;
        return $"{ratio:0.00}x";
    }
}
