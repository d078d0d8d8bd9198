using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Installer.Installation;

/// <summary>
/// What was installed, kept on the target in install.json so upgrade, uninstall, status and the pass-through
/// commands work without repeating any install flag.
/// </summary>
public sealed record InstallRecord(string Version, bool IsSystem, string BinaryRoot, string ConfigDirectory, string DataDirectory,
    string UnitDirectory, string QuayHostname, int Port, string InitUser, bool FirewallPortOpened, DateTimeOffset InstalledAt, EngineSettings? Engines = null)
{
    /// <summary>Installs recorded before the engine flags existed have no <c>engines</c>: they run on the defaults.</summary>
    [JsonIgnore]
    public EngineSettings EngineSettings => Engines ?? EngineSettings.Default;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public InstallLayout Layout => new(IsSystem, BinaryRoot, ConfigDirectory, DataDirectory, UnitDirectory);

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    public static InstallRecord Parse(string json, string path) =>
        JsonSerializer.Deserialize<InstallRecord>(json, Json) ?? throw new InstallerException($"{path} is empty");
}
