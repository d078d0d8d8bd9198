using Appliance.Testing.Quay;

namespace Appliance.Installer.Tests;

/// <summary>
/// A mirror-registry 2.x as its installer leaves a host: run as root, Quay's files under /root/quay-install (config,
/// SQLite database, CA), its blobs in the podman volume quay-storage and the three system units quay-pod, quay-redis and
/// quay-app with mirror-registry's podman lines; run rootless by a user, the same as user units, with the database and
/// blobs in host directories under ~/quay-install (its --sqliteStorage and --quayStorage). The host has no containers:
/// /usr/bin/podman is a stand-in that runs quay-app as an HTTPS server with Quay's own certificate (openssl s_server), so
/// the port really is taken until the takeover stops it, and answers the volume, container and image commands the
/// takeover and its cleanup use.
/// </summary>
public sealed class FakeMirrorRegistry
{
    public const string Root = "/root/quay-install";
    public const string Volumes = "/var/lib/containers/storage/volumes";
    public const string StorageVolume = $"{Volumes}/quay-storage/_data";
    public const string SqliteFile = $"{Root}/sqlite-storage/quay_sqlite.db";
    public static readonly string[] Units = ["quay-app.service", "quay-redis.service", "quay-pod.service"];

    private const string PodmanStandIn = """
        #!/bin/sh
        # Test stand-in for podman: no containers here, just what mirror-registry's units and 'migrate' ask of podman.
        volumes=/var/lib/containers/storage/volumes
        echo "$*" >> /var/log/podman-stand-in.log
        case "$1" in
        run)
            shift; name=; config=
            while [ $# -gt 0 ]; do
                case "$1" in
                --name) name=$2; shift ;;
                -v) case "$2" in *:/quay-registry/conf/stack*) config=${2%%:*} ;; esac; shift ;;
                esac
                shift
            done
            [ "$name" = quay-app ] && exec openssl s_server -quiet -www -accept 8443 -cert "$config/ssl.cert" -key "$config/ssl.key"
            exec sleep infinity ;;
        pod)
            [ "$2" = create ] && exec sleep infinity
            exit 0 ;;
        volume)
            for last; do :; done
            case "$2" in
            inspect) [ -d "$volumes/$3/_data" ] || { echo "Error: no such volume $3" >&2; exit 125; }; echo "$volumes/$3/_data" ;;
            exists) [ -d "$volumes/$3" ] ;;
            rm) rm -rf "${volumes:?}/$last" ;;
            esac ;;
        image) [ "$2" != exists ] ;;
        *) exit 0 ;;
        esac
        """;

    private const string Pod = """
        [Unit]
        Description=Infra Container for Quay
        Wants=network.target
        After=network-online.target
        Before=quay-redis.service
        [Service]
        Type=simple
        ExecStart=/usr/bin/podman pod create \
            --name quay-pod \
            --infra-image registry.access.redhat.com/ubi8/pause:test \
            --publish 8443:8443 \
            --replace
        Restart=always
        [Install]
        WantedBy=multi-user.target default.target
        """;

    private const string Redis = """
        [Unit]
        Description=Redis Podman Container for Quay
        After=network-online.target quay-pod.service
        Requires=quay-pod.service
        [Service]
        Type=simple
        ExecStart=/usr/bin/podman run \
            --name quay-redis \
            --pod=quay-pod \
            --replace \
            registry.redhat.io/rhel8/redis-6:test
        Restart=always
        [Install]
        WantedBy=multi-user.target default.target
        """;

    /// <summary>quay-app's unit, mounting Quay's config directory, its database's and its blobs' (a host directory or a volume name).</summary>
    private static string App(string root, string sqlite, string storage) => $$"""
        [Unit]
        Description=Quay Container
        After=network-online.target quay-pod.service quay-redis.service
        Requires=quay-pod.service quay-redis.service
        [Service]
        Type=simple
        ExecStart=/usr/bin/podman run \
            --name quay-app \
            -v {{root}}/quay-config:/quay-registry/conf/stack:Z \
            -v {{sqlite}}:/sqlite:Z,U \
            -v {{storage}}:/datastorage:Z \
            --image-volume=ignore \
            --pod=quay-pod \
            --replace \
            -e WORKER_COUNT=1 \
            registry.redhat.io/quay/quay-rhel8:test registry
        Restart=always
        RestartSec=2
        [Install]
        WantedBy=multi-user.target default.target
        """;

    private FakeMirrorRegistry(string caPem, string? user) => (CaPem, User) = (caPem, user);

    /// <summary>The CA clusters trust (quay-rootCA/rootCA.pem).</summary>
    public string CaPem { get; }

    /// <summary>The user whose rootless units run Quay; null when root's system units do.</summary>
    public string? User { get; }

    /// <summary>
    /// Lays <paramref name="quay"/> out on the host as root's installation (its blobs in the volume quay-storage), installs
    /// the system units and starts them; returns once quay-app answers HTTPS.
    /// </summary>
    public static async Task<FakeMirrorRegistry> InstallAsync(TestHost host, QuayInstallation quay)
    {
        var caPem = quay.WriteCertificates();
        await LayOutAsync(host, quay, Root, StorageVolume);
        await WriteUnitsAsync(host, "/etc/systemd/system", App(Root, $"{Root}/sqlite-storage", "quay-storage"));
        (await host.SshAsync($"chown -R root:root {Root} {Volumes} && systemctl daemon-reload && systemctl enable --now --quiet {string.Join(' ', Units)}"))
            .EnsureSuccess("starting mirror-registry's units");
        var registry = new FakeMirrorRegistry(caPem, null);
        (await registry.ServesAsync(host)).EnsureSuccess("mirror-registry answering HTTPS");
        return registry;
    }

    /// <summary>
    /// Lays <paramref name="quay"/> out as <paramref name="user"/>'s rootless installation in ~/quay-install, its database
    /// and blobs in host directories there, installs the user units and starts them; returns once quay-app answers HTTPS.
    /// </summary>
    public static async Task<FakeMirrorRegistry> InstallRootlessAsync(TestHost host, QuayInstallation quay, string user)
    {
        var caPem = quay.WriteCertificates();
        var root = RootOf(user);
        await LayOutAsync(host, quay, root, $"{root}/quay-storage");
        await WriteUnitsAsync(host, $"/home/{user}/.config/systemd/user", App(root, $"{root}/sqlite-storage", $"{root}/quay-storage"));
        (await host.SshAsync($"chown -R {user}:{user} {root} /home/{user}/.config")).EnsureSuccess("giving Quay's files to their user");
        (await host.SshAsync($"{UserSystemctl} daemon-reload && {UserSystemctl} enable --now --quiet {string.Join(' ', Units)}", user))
            .EnsureSuccess("starting mirror-registry's user units");
        var registry = new FakeMirrorRegistry(caPem, user);
        (await registry.ServesAsync(host)).EnsureSuccess("mirror-registry answering HTTPS");
        return registry;
    }

    /// <summary>mirror-registry's root for a rootless user: ~/quay-install.</summary>
    public static string RootOf(string user) => $"/home/{user}/quay-install";

    /// <summary>systemctl for the login user's units, in a session that may not export its runtime directory.</summary>
    public const string UserSystemctl = "XDG_RUNTIME_DIR=/run/user/$(id -u) systemctl --user";

    /// <summary>Quay's config, CA and database under <paramref name="root"/>, its blobs in <paramref name="storage"/>, and the podman stand-in.</summary>
    private static async Task LayOutAsync(TestHost host, QuayInstallation quay, string root, string storage)
    {
        string OnHost(string path) => Path.Combine(host.RootFs, path.TrimStart('/'));
        Directory.CreateDirectory(OnHost(root));
        Directory.CreateDirectory(OnHost(Path.GetDirectoryName(storage)!));
        foreach (var (from, to) in new[] { (quay.ConfigDirectory, $"{root}/quay-config"), (quay.RootCaDirectory, $"{root}/quay-rootCA"),
            (Path.GetDirectoryName(quay.SqliteFile)!, $"{root}/sqlite-storage"), (quay.StorageDirectory, storage) })
        {
            (await Run.ProgramAsync("cp", ["-a", from, OnHost(to)])).EnsureSuccess($"copying {to}");
        }
        await File.WriteAllTextAsync(OnHost("/usr/bin/podman"), PodmanStandIn.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(OnHost("/usr/bin/podman"), (UnixFileMode)Convert.ToInt32("755", 8));
    }

    private static async Task WriteUnitsAsync(TestHost host, string unitDirectory, string app)
    {
        var directory = Path.Combine(host.RootFs, unitDirectory.TrimStart('/'));
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in new[] { ("quay-pod.service", Pod), ("quay-redis.service", Redis), ("quay-app.service", app) })
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name), text.ReplaceLineEndings("\n") + "\n");
        }
    }

    /// <summary>quay-app's HTTPS answers on 8443 with a certificate the CA vouches for.</summary>
    public async Task<ProcessResult> ServesAsync(TestHost host)
    {
        (await host.SshAsync($"cat > /tmp/quay-ca.pem", input: CaPem)).EnsureSuccess("writing the CA");
        return await host.SshAsync($"for i in $(seq 1 30); do curl -fs --max-time 3 --cacert /tmp/quay-ca.pem --resolve {host.HostName}:8443:127.0.0.1 "
            + $"https://{host.HostName}:8443/ >/dev/null && exit 0; sleep 1; done; exit 1");
    }

    /// <summary>
    /// Each unit's "active enabled" (or what systemctl says instead), one line each, in <see cref="Units"/> order: root's
    /// system units, or the user's units of a rootless installation.
    /// </summary>
    public async Task<string> StatesAsync(TestHost host)
    {
        var systemctl = User is null ? "systemctl" : UserSystemctl;
        return (await host.SshAsync(string.Join("; ", Units.Select(u => $"echo $({systemctl} is-active {u}) $({systemctl} is-enabled {u})")), User ?? "root"))
            .StandardOutput.Trim();
    }
}
