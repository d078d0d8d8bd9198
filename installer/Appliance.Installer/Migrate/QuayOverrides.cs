namespace Appliance.Installer.Migrate;

/// <summary>What <c>--quayRoot</c>, <c>--quayStorage</c> and <c>--sqliteStorage</c> say, for installations the units do not describe.</summary>
public sealed record QuayOverrides(string? QuayRoot, string? QuayStorage, string? SqliteStorage)
{
    public static QuayOverrides None { get; } = new(null, null, null);
}
