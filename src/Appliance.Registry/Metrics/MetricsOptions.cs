namespace Appliance.Registry.Metrics;

public sealed class MetricsOptions
{
    public const string Section = "metrics";

    /// <summary>Anyone who reaches the port may read <c>/metrics</c>; otherwise admins and users with the metrics role.</summary>
    public bool Anonymous { get; set; }
}
