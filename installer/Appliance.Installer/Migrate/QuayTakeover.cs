namespace Appliance.Installer.Migrate;

/// <summary>What the takeover's steps learn and hand on: the installation, the import's plan, whether blobs are linked, the units' state before the stop.</summary>
public sealed class QuayTakeover(QuayInstallation quay)
{
    public QuayInstallation Quay => quay;

    public ImportPlan? Plan { get; set; }

    /// <summary>Quay's storage and the registry's data directory share a file system: blobs are hard-linked, nothing is copied.</summary>
    public bool Link { get; set; }

    /// <summary>The units as they were right before the stop; a rollback brings back exactly these states.</summary>
    public IReadOnlyList<QuayUnit> Before { get; set; } = quay.Units;
}
