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

    /// <summary>
    /// Uploads are refused while free space is below the smaller of <see cref="ReserveBytes"/> and
    /// <see cref="ReservePercent"/> of the filesystem, so pulls (and the database) keep working.
    /// </summary>
    public long ReserveBytes { get; set; } = 1L << 30;

    public double ReservePercent { get; set; } = 2;

    public IndexOptions Indexes { get; set; } = new();
}

/// <summary>The <c>registry.indexes</c> section: see <see cref="Manifests.IndexChildPolicy"/>.</summary>
public sealed class IndexOptions
{
    /// <summary>
    /// Which children of an index must be present when it is pushed: <c>none</c> (the default: sparse indexes, as
    /// oc-mirror pushes them, are accepted), <c>all</c>, or a list of platforms. Written as one word or as a list.
    /// </summary>
    public List<string> Platforms { get; set; } = [];
}
