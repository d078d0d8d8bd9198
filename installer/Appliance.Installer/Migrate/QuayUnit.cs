namespace Appliance.Installer.Migrate;

/// <summary>One of mirror-registry's units as found before the takeover: what a rollback must restore.</summary>
public sealed record QuayUnit(string Name, bool Active, bool Enabled)
{
    /// <summary>In the order mirror-registry stacks them: the app needs redis, both need the pod.</summary>
    public static readonly string[] Names = ["quay-app.service", "quay-redis.service", "quay-pod.service"];

    public string State => $"{(Active ? "active" : "inactive")}, {(Enabled ? "enabled" : "disabled")}";
}
