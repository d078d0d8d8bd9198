using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Appliance.Installer.Migrate;

/// <summary>
/// The one setting of Quay's config.yaml the installer needs: <c>SERVER_HOSTNAME</c>. Only its line is read from the
/// target (<see cref="ReadCommand"/>); the rest, DATABASE_SECRET_KEY among it, is read there by the import and never
/// reaches the installer.
/// </summary>
public static class QuayConfig
{
    public const string HostnameKey = "SERVER_HOSTNAME";

    public static string ReadCommand(string quotedPath) => $"grep -E '^{HostnameKey}:' {quotedPath}";

    /// <summary>The host[:port] from the <c>SERVER_HOSTNAME: ...</c> line (quoted or not).</summary>
    public static string ServerHostname(string line, string path)
    {
        Dictionary<string, string?>? settings;
        try
        {
            settings = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string?>?>(line);
        }
        catch (YamlException e)
        {
            throw new InstallerException($"{path}: cannot read {HostnameKey} ({e.Message})");
        }
        return settings?.GetValueOrDefault(HostnameKey) is { Length: > 0 } hostname
            ? hostname.Trim()
            : throw new InstallerException($"{path} has no {HostnameKey}");
    }
}
