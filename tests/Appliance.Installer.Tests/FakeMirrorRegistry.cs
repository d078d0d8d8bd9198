using Appliance.Testing.Quay;

namespace Appliance.Installer.Tests;

/// <summary>
/// A mirror-registry 2.x as its installer leaves a host when run as root: Quay's files under /root/quay-install (config,
/// SQLite database, CA) and its blobs in the podman volume quay-storage, and the three units quay-pod, quay-redis and
/// quay-app with mirror-registry's podman lines. The host has no containers: /usr/bin/podman is a stand-in that runs
/// quay-app as an HTTPS server with Quay's own certificate (openssl s_server), so the port really is taken until the
/// takeover stops it, and answers the volume, container and image commands the takeover and its cleanup use.
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

    private const string App = $$"""
        [Unit]
        Description=Quay Container
        After=network-online.target quay-pod.service quay-redis.service
        Requires=quay-pod.service quay-redis.service
        [Service]
        Type=simple
        ExecStart=/usr/bin/podman run \
            --name quay-app \
            -v {{Root}}/quay-config:/quay-registry/conf/stack:Z \
            -v {{Root}}/sqlite-storage:/sqlite:Z,U \
            -v quay-storage:/datastorage:Z \
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

    private FakeMirrorRegistry(string caPem) => CaPem = caPem;

    /// <summary>The CA clusters trust (quay-rootCA/rootCA.pem).</summary>
    public string CaPem { get; }

    /// <summary>Lays <paramref name="quay"/> out on the host, installs the units and starts them; returns once quay-app answers HTTPS.</summary>
    public static async Task<FakeMirrorRegistry> InstallAsync(TestHost host, QuayInstallation quay)
    {
        var caPem = quay.WriteCertificates();
        string OnHost(string path) => Path.Combine(host.RootFs, path.TrimStart('/'));
        Directory.CreateDirectory(OnHost(Root));
        Directory.CreateDirectory(OnHost(Path.GetDirectoryName(StorageVolume)!));
        foreach (var (from, to) in new[] { (quay.ConfigDirectory, $"{Root}/quay-config"), (quay.RootCaDirectory, $"{Root}/quay-rootCA"),
            (Path.GetDirectoryName(quay.SqliteFile)!, $"{Root}/sqlite-storage"), (quay.StorageDirectory, StorageVolume) })
        {
            (await Run.ProgramAsync("cp", ["-a", from, OnHost(to)])).EnsureSuccess($"copying {to}");
        }
        await File.WriteAllTextAsync(OnHost("/usr/bin/podman"), PodmanStandIn.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(OnHost("/usr/bin/podman"), (UnixFileMode)Convert.ToInt32("755", 8));
        foreach (var (name, text) in new[] { ("quay-pod.service", Pod), ("quay-redis.service", Redis), ("quay-app.service", App) })
        {
            await File.WriteAllTextAsync(OnHost($"/etc/systemd/system/{name}"), text.ReplaceLineEndings("\n") + "\n");
        }
        (await host.SshAsync($"chown -R root:root {Root} {Volumes} && systemctl daemon-reload && systemctl enable --now --quiet {string.Join(' ', Units)}"))
            .EnsureSuccess("starting mirror-registry's units");
        var registry = new FakeMirrorRegistry(caPem);
        (await registry.ServesAsync(host)).EnsureSuccess("mirror-registry answering HTTPS");
        return registry;
    }

    /// <summary>quay-app's HTTPS answers on 8443 with a certificate the CA vouches for.</summary>
    public async Task<ProcessResult> ServesAsync(TestHost host)
    {
        (await host.SshAsync($"cat > /tmp/quay-ca.pem", input: CaPem)).EnsureSuccess("writing the CA");
        return await host.SshAsync($"for i in $(seq 1 30); do curl -fs --max-time 3 --cacert /tmp/quay-ca.pem --resolve {host.HostName}:8443:127.0.0.1 "
            + $"https://{host.HostName}:8443/ >/dev/null && exit 0; sleep 1; done; exit 1");
    }

    /// <summary>Each unit's "active enabled" (or what systemctl says instead), one line each, in <see cref="Units"/> order.</summary>
    public static async Task<string> UnitStatesAsync(TestHost host) =>
        (await host.SshAsync(string.Join("; ", Units.Select(u => $"echo $(systemctl is-active {u}) $(systemctl is-enabled {u})")))).StandardOutput.Trim();
}
