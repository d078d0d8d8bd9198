namespace Appliance.Core.Configuration;

/// <summary>Retention runs; bound from the <c>retention</c> section of the config. The policies themselves live in the metadata store.</summary>
public sealed class RetentionOptions
{
    public const string Section = "retention";

    /// <summary>How often the server applies the retention policies on its own; zero (the default) turns the schedule off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.Zero;

    /// <summary>Whether a scheduled run starts a garbage collection afterwards, which gives the space back.</summary>
    public bool CollectGarbage { get; set; }

    /// <summary>How often recorded pulls are written to the metadata store (each manifest at most once a minute regardless).</summary>
    public TimeSpan PullFlushInterval { get; set; } = TimeSpan.FromSeconds(15);
}
