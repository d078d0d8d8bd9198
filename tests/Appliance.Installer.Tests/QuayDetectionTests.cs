using Appliance.Installer.Migrate;

namespace Appliance.Installer.Tests;

/// <summary>Reading a mirror-registry 2.x installation from its units without a host: the podman lines, the mounts, the defaults.</summary>
public sealed class QuayDetectionTests
{
    private const string Home = "/home/deploy";

    // The shape mirror-registry's templates give quay-app: a continued podman run line with specifiers and :Z options.
    private const string QuayApp = """
        [Unit]
        Description=Quay Container
        [Service]
        ExecStartPre=-/bin/rm -f %t/%n-pid %t/%n-cid
        ExecStart=/usr/bin/podman run \
            --name quay-app \
            -v /srv/quay/quay-config:/quay-registry/conf/stack:Z \
            -v sqlite-storage:/sqlite:Z,U \
            --volume=/data/quay-blobs/:/datastorage:Z \
            --pod=quay-pod \
            -e "WORKER_COUNT=1" \
            registry.redhat.io/quay/quay-rhel8:v3.12 registry
        ExecStop=-/usr/bin/podman stop --ignore --cidfile %t/%n-cid -t 10
        """;

    private const string QuayPod = """
        [Service]
        ExecStart=/usr/bin/podman pod create \
            --name quay-pod \
            --infra-image registry.access.redhat.com/ubi8/pause:8.10 \
            --publish 9443:8443 \
            --replace
        """;

    [Fact]
    public void ExecStartWordsJoinContinuationsAndHonourQuotes()
    {
        var words = UnitExecStart.Words(QuayApp);
        Assert.Equal("/usr/bin/podman", words[0]);
        Assert.Equal("run", words[1]);
        Assert.Contains("WORKER_COUNT=1", words);
        Assert.Equal("registry", words[^1]);
        Assert.Equal("/bin/rm", UnitExecStart.Words("[Service]\nExecStart=-/bin/rm -f x\n")[0]);
        Assert.Empty(UnitExecStart.Words("[Service]\nType=simple\n"));
    }

    [Fact]
    public void MountsAndPublishedPortComeFromThePodmanLines()
    {
        var app = PodmanArguments.Parse(UnitExecStart.Words(QuayApp));
        Assert.Equal("/srv/quay/quay-config", app.MountSources[QuaySources.ConfigMount]);
        Assert.Equal("sqlite-storage", app.MountSources[QuaySources.SqliteMount]);
        Assert.Equal("/data/quay-blobs/", app.MountSources[QuaySources.StorageMount]);
        Assert.Equal(["registry.redhat.io/quay/quay-rhel8:v3.12"], app.Images);
        var pod = PodmanArguments.Parse(UnitExecStart.Words(QuayPod));
        Assert.Equal([(9443, 8443)], pod.PublishedPorts);
        Assert.Equal(["registry.access.redhat.com/ubi8/pause:8.10"], pod.Images);
        Assert.Equal([(8443, 8443)], PodmanArguments.Parse(["podman", "run", "-p", "0.0.0.0:8443:8443/tcp"]).PublishedPorts);

        var sources = QuaySources.Choose(app, QuayOverrides.None, Home);
        Assert.Equal(new QuaySources("/srv/quay", "/srv/quay/quay-config", "/srv/quay/quay-rootCA", "sqlite-storage", "/data/quay-blobs"), sources);
        Assert.True(QuaySources.IsVolumeName(sources.Sqlite));
        Assert.False(QuaySources.IsVolumeName(sources.Storage));
    }

    [Fact]
    public void WithoutUnitsTheDefaultsAreMirrorRegistrysAndFlagsWin()
    {
        Assert.Equal(new QuaySources($"{Home}/quay-install", $"{Home}/quay-install/quay-config", $"{Home}/quay-install/quay-rootCA", "sqlite-storage", "quay-storage"),
            QuaySources.Choose(null, QuayOverrides.None, Home));

        var app = PodmanArguments.Parse(UnitExecStart.Words(QuayApp));
        var overridden = QuaySources.Choose(app, new QuayOverrides("~/old-quay", "/mnt/blobs", "~/old-quay/sqlite"), Home);
        Assert.Equal(new QuaySources($"{Home}/old-quay", $"{Home}/old-quay/quay-config", $"{Home}/old-quay/quay-rootCA", $"{Home}/old-quay/sqlite", "/mnt/blobs"), overridden);
    }

    [Theory]
    [InlineData("SERVER_HOSTNAME: registry.example.com:8443\n", "registry.example.com:8443")]
    [InlineData("SERVER_HOSTNAME: 'mirror.lab:9443'\n", "mirror.lab:9443")]
    public void ServerHostnameIsReadFromItsLine(string line, string expected) => Assert.Equal(expected, QuayConfig.ServerHostname(line, "config.yaml"));

    [Fact]
    public void AMissingServerHostnameIsNamed() =>
        Assert.Contains("has no SERVER_HOSTNAME", Assert.Throws<InstallerException>(() => QuayConfig.ServerHostname("", "/q/config.yaml")).Message);

    [Fact]
    public void TheImportsIndentedReportIsReadAndAnnouncedProblemsDoNotStopTheTakeover()
    {
        const string report = """
            {
              "schemaVersion": "3f8d7acdf7f9",
              "supported": true,
              "serverHostname": "quay.example.test:8443",
              "users": 2, "robots": 1, "organizations": 1, "repositories": 2, "tags": 3, "manifests": 4, "blobs": 5,
              "bytes": 1048576, "bytesToCopy": 0,
              "undecryptableRobots": [],
              "missingBlobs": [ { "digest": "sha256:ab", "reason": "no file", "images": [ "ocp4/release:4.18.1" ] } ],
              "notMoved": [ "notifications: 1" ],
              "import": { "tagsSet": 3, "problems": [ "blob sha256:ab: no file" ] }
            }
            """;
        var outcome = ImportOutcome.TryParse(report)!;
        Assert.Equal(3, outcome.Plan.Tags);
        Assert.Equal("sha256:ab: no file; needed by ocp4/release:4.18.1", ImportPlan.Describe(outcome.Plan.MissingBlobs![0]));
        Assert.Equal("notifications: 1", ImportPlan.Describe(outcome.Plan.NotMoved![0]));
        Assert.True(outcome.OnlyAnnounced(outcome.Plan));
        Assert.False(outcome.OnlyAnnounced(outcome.Plan with { MissingBlobs = [] }));
        Assert.False(ImportOutcome.TryParse(report.Replace("\"import\"", "\"other\"", StringComparison.Ordinal))!.OnlyAnnounced(outcome.Plan));
        Assert.Null(ImportOutcome.TryParse("Unhandled exception"));
    }
}
