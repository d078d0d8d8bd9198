namespace Appliance.Registry.Audit;

public sealed class AuditOptions
{
    public const string Section = "audit";

    /// <summary>How long events are kept; older ones are removed once a day.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}
