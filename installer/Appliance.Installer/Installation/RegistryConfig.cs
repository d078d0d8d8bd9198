using System.Text;

namespace Appliance.Installer.Installation;

/// <summary>The server's YAML config as the installer writes it: listen port, data directory, certificate names, init user.</summary>
public static class RegistryConfig
{
    public static string Render(InstallLayout layout, int port, IEnumerable<string> certificateHostNames, string initUser)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# Written by mirror-registry install; upgrade keeps it. Settings: see the README's configuration section.");
        yaml.AppendLine("server:");
        yaml.AppendLine($"  listen: {Quote($"0.0.0.0:{port}")}");
        yaml.AppendLine("storage:");
        yaml.AppendLine($"  dataDirectory: {Quote(layout.DataDirectory)}");
        yaml.AppendLine("tls:");
        yaml.AppendLine("  hostNames:");
        foreach (var name in certificateHostNames) yaml.AppendLine($"    - {Quote(name)}");
        yaml.AppendLine("auth:");
        yaml.AppendLine($"  initUser: {Quote(initUser)}");
        return yaml.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
