using System.CommandLine;

namespace Appliance.Installer.Cli;

/// <summary>
/// mirror-registry flags that configure Quay's containers, which this registry does not have. They are accepted
/// so existing scripts keep working, and each one that is used gets a one-line notice.
/// </summary>
public sealed class IgnoredQuayOptions
{
    private readonly List<(Option<string?> Option, string Reason)> options =
    [
        (Flags.Create<string?>("--image-archive", "ignored: Quay image archive (the server binary is in this release)", "-i", "--imageArchive"),
            "the registry server ships in this release, there are no images to load"),
        (Flags.Create<string?>("--quayImage", "ignored: Quay container image"), "there is no Quay container"),
        (Flags.Create<string?>("--redisImage", "ignored: Redis container image"), "there is no Redis"),
        (Flags.Create<string?>("--postgresImage", "ignored: Postgres container image"), "there is no Postgres"),
        (Flags.Create<string?>("--pauseImage", "ignored: pod infra image"), "there is no pod"),
        (Flags.Create<string?>("--pgStorage", "ignored: Postgres volume"), "there is no Postgres"),
        (Flags.Create<string?>("--sqliteStorage", "ignored: the SQLite database lives in the data directory"),
            "the SQLite database lives in the data directory (--quayRoot/--quayStorage)"),
        (Flags.Create<string?>("--additionalArgs", "ignored: extra ansible-playbook arguments"), "there is no Ansible"),
    ];

    public IEnumerable<Option> All => options.Select(o => o.Option);

    public void Report(ParseResult parse, Reporter reporter)
    {
        foreach (var (option, reason) in options)
        {
            if (parse.GetResult(option) is { Implicit: false }) reporter.Notice($"{option.Name} has no effect: {reason}");
        }
    }
}
