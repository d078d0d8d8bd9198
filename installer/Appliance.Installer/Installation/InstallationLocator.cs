using System.Text.Json;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Installation;

/// <summary>Finds the installation on a target: the system one first, then the login user's rootless one.</summary>
public static class InstallationLocator
{
    public static async Task<InstallRecord?> FindAsync(ITarget target, CancellationToken cancellationToken)
    {
        var home = (await target.RunAsync("printf %s \"$HOME\"", cancellationToken: cancellationToken)).StandardOutput;
        foreach (var path in new[] { InstallLayout.System(null).RecordPath, InstallLayout.Rootless(home, null).RecordPath })
        {
            if (await target.ReadFileAsync(path, sudo: false, cancellationToken) is not { } json) continue;
            try
            {
                return InstallRecord.Parse(json, path);
            }
            catch (JsonException e)
            {
                throw new InstallerException($"{path} is damaged ({e.Message}); fix or remove it");
            }
        }
        return null;
    }

    public static async Task<InstallRecord> RequireAsync(ITarget target, CancellationToken cancellationToken) =>
        await FindAsync(target, cancellationToken)
        ?? throw new InstallerException($"no installation found on {target.Description}; run 'mirror-registry install' first");
}
