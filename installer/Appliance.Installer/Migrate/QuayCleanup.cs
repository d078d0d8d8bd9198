using Appliance.Installer.Targets;

namespace Appliance.Installer.Migrate;

/// <summary>
/// What <c>migrate --cleanup</c> removes of a mirror-registry that was taken over: its units, its containers and pod, the
/// named volumes its data was in (the registry holds its own links or copies of the blobs), its redis password secret and
/// its images. Host directories such as ~/quay-install stay: they hold Quay's config and CA, delete them by hand.
/// Each removal tolerates what is already gone, so a cleanup that was interrupted can run again.
/// </summary>
public static class QuayCleanup
{
    public static IReadOnlyList<(string What, string Command)> Actions(QuayInstallation quay)
    {
        var units = quay.Units.Select(u => u.Name).ToList();
        var actions = new List<(string, string)>();
        if (units.Count > 0)
        {
            actions.Add(($"stop and disable {string.Join(", ", units)}", $"{quay.Systemctl} disable --now --quiet {string.Join(' ', units)} 2>/dev/null; true"));
        }
        actions.Add(("remove the containers quay-app and quay-redis and the pod quay-pod",
            "podman rm --force --ignore quay-app quay-redis >/dev/null && podman pod rm --force --ignore quay-pod >/dev/null"));
        foreach (var volume in quay.NamedVolumes)
        {
            actions.Add(($"remove the podman volume {volume}", $"podman volume rm --force {Shell.Quote(volume)} >/dev/null 2>&1 || ! podman volume exists {Shell.Quote(volume)}"));
        }
        actions.Add(("remove the podman secret redis_pass", "podman secret rm redis_pass >/dev/null 2>&1; true"));
        foreach (var image in quay.Images)
        {
            actions.Add(($"remove the image {image}", $"podman rmi --force {Shell.Quote(image)} >/dev/null 2>&1 || ! podman image exists {Shell.Quote(image)}"));
        }
        if (units.Count > 0)
        {
            actions.Add(($"delete {string.Join(", ", units.Select(quay.UnitPath))}",
                $"rm -f {string.Join(' ', units.Select(u => Shell.Quote(quay.UnitPath(u))))} && {quay.Systemctl} daemon-reload && ({quay.Systemctl} reset-failed {string.Join(' ', units)} 2>/dev/null; true)"));
        }
        return actions;
    }

    public static async Task RunAsync(ITarget target, QuayInstallation quay, Reporter reporter, CancellationToken cancellationToken)
    {
        foreach (var (what, command) in Actions(quay))
        {
            (await target.RunAsync(command, quay.IsSystem, cancellationToken: cancellationToken)).EnsureSuccess(what);
            reporter.Detail($"done: {what}");
        }
    }
}
