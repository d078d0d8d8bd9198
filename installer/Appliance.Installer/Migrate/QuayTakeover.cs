namespace Appliance.Installer.Migrate;

/// <summary>What the takeover's steps learn and hand on: the installation, the import's plan, the units' state before the stop.</summary>
public sealed class QuayTakeover(QuayInstallation quay)
{
    public QuayInstallation Quay => quay;

    public ImportPlan? Plan { get; set; }

    /// <summary>The plan copies nothing: the blobs are hard-linked into the registry's store.</summary>
    public bool Linked => Plan is { } plan && plan.BytesToCopy == 0 && plan.Bytes > 0;

    /// <summary>Quay's live tags as repository:tag@digest, as the import read them after the stop: what the registry must serve.</summary>
    public IReadOnlyList<string> LiveTags { get; set; } = [];

    /// <summary>The units as they were right before the stop; a rollback brings back exactly these states.</summary>
    public IReadOnlyList<QuayUnit> Before { get; set; } = quay.Units;
}
