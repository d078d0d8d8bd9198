using System.Text.RegularExpressions;

namespace Appliance.Installer.Installation;

/// <summary>Fills the <c>@NAME@</c> placeholders of a unit template from systemd/.</summary>
public static class UnitTemplate
{
    public static string Render(string template, InstallLayout layout, int port)
    {
        // Binding below 1024 needs one capability; above, the service keeps none at all.
        var capabilities = port < 1024 ? "CAP_NET_BIND_SERVICE" : "";
        // ProtectHome hides /home, /root and /run/user, which would hide data kept there.
        var dataInHome = layout.DataDirectory.StartsWith("/home/", StringComparison.Ordinal) || layout.DataDirectory.StartsWith("/root", StringComparison.Ordinal);
        var rendered = template
            .Replace("@BINARY@", layout.CurrentBinary, StringComparison.Ordinal)
            .Replace("@CONFIG@", layout.ConfigPath, StringComparison.Ordinal)
            .Replace("@DATA@", layout.DataDirectory, StringComparison.Ordinal)
            .Replace("@USER@", InstallLayout.ServiceUser, StringComparison.Ordinal)
            .Replace("@CAPABILITIES@", capabilities, StringComparison.Ordinal)
            .Replace("@PROTECT_HOME@", dataInHome ? "no" : "yes", StringComparison.Ordinal);
        var leftover = Regex.Match(rendered, "@[A-Z_]+@");
        return leftover.Success ? throw new InstallerException($"the unit template has an unknown placeholder {leftover.Value}") : rendered;
    }
}
