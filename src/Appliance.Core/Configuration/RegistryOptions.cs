namespace Appliance.Core.Configuration;

/// <summary>Behaviour of the registry API; bound from the <c>registry</c> section of the config.</summary>
public sealed class RegistryOptions
{
    public const string Section = "registry";

    /// <summary>Mirroring tools delete old releases, so deletes are on unless turned off.</summary>
    public bool DeleteEnabled { get; set; } = true;

    public int MaxManifestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Upper bound for <c>n</c> on tag and catalog listings, and the page size when none is asked for.</summary>
    public int MaxPageSize { get; set; } = 10_000;
}
