using Appliance.Maintenance.Tests.Import;
using Appliance.Testing;
using Appliance.Testing.Quay;

namespace Appliance.Maintenance.Tests.MirrorRegistry;

/// <summary>
/// One mirror-registry installation the takeover tests share the shape of: a superuser, a user who may push to an
/// organization's repository, an organization with a pull robot, a user's own repository, a public namespace, an index, a
/// deleted tag, a hidden tag, and things that do not move (a notification, a mirroring config).
/// </summary>
public sealed class QuaySite : IDisposable
{
    public const string AdminPassword = "admin-password";
    public const string AlicePassword = "alice-password";
    public const string RobotToken = "XK4B3DQ0W0WJ6SJ0Y5NB1DKXFSJ9A0PEU54M3CTMY2BTIQ4G0ZXGMEQPMTCY0JXS";

    public static readonly TestIndex Release = TestImages.Index([TestImages.Image(1, 4096, 301, architecture: "amd64"), TestImages.Image(1, 4096, 302, architecture: "arm64")]);
    public static readonly TestImage Tool = TestImages.Image(2, 4096, 303);
    public static readonly TestImage Base = TestImages.Image(1, 8192, 304, docker: true);
    public static readonly TestImage Old = TestImages.Image(1, 2048, 305);

    private readonly TestDirectory _directory = new("quay-install");

    public QuaySite(string? schemaVersion = null)
    {
        Quay = new QuayInstallation(_directory.Path, "quay.example.test:8443", schemaVersion)
            .AddUser("admin", AdminPassword, superUser: true)
            .AddUser("alice", AlicePassword)
            .AddOrganization("ocp4", "admin")
            .AddOrganization("public", "admin");
        Robot = Quay.AddRobot("ocp4", "puller", RobotToken);
        Quay.AddRepository("ocp4/release").AddRepository("alice/tools").AddRepository("public/base", isPublic: true)
            .AddPermission("alice", "ocp4/release", "write")
            .AddPermission(Robot, "ocp4/release", "read")
            .Push("ocp4/release", "4.18.1", Release)
            .Push("alice/tools", "v1", Tool)
            .Push("alice/tools", "old", Old).DeleteTag("alice/tools", "old")
            .AddHiddenTag("alice/tools", "temp-abc", Tool.Digest)
            .Push("public/base", "9", Base)
            .AddNotification("ocp4/release")
            .AddMirrorConfig("public/base", "registry.example.test/base");
    }

    public QuayInstallation Quay { get; }

    public string Robot { get; }

    /// <summary>The live images and where each must be served after the takeover.</summary>
    public static IReadOnlyList<ExpectedImage> Expected { get; } =
    [
        new("ocp4/release", Release.Digest, "4.18.1"),
        .. Release.Images.Select(i => new ExpectedImage("ocp4/release", i.Digest)),
        new("alice/tools", Tool.Digest, "v1"),
        new("public/base", Base.Digest, "9"),
    ];

    /// <summary>The arguments of <c>import mirror-registry</c> for this installation.</summary>
    public string[] Arguments(params string[] more) =>
        ["mirror-registry", "--quay-config", Quay.ConfigDirectory, "--sqlite", Quay.SqliteFile, "--quay-storage", Quay.StorageDirectory, .. more];

    public void Dispose() => _directory.Dispose();
}
