using Appliance.Core.Configuration;
using System.CommandLine;
using System.Diagnostics;
using Appliance.Core.Audit;
using Appliance.Core.Import;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>import distribution ROOT</c>, <c>import oc-mirror FILE|DIR...</c>, <c>import oci-layout DIR --repository NAME</c> (and
/// <c>import mirror-registry</c>, <see cref="ImportMirrorRegistryCommand"/>): content taken straight from disk into this
/// registry's engines, verified on the way, with the server up or down (like <c>gc</c>). Problems are printed one line each
/// on stdout, progress and the summary on stderr. Exit 0 when everything was imported, 1 when anything was refused or
/// missing (the rest is imported), 2 on bad usage.
/// </summary>
public static class ImportCommand
{
    public static Command Create(CommonOptions common)
    {
        var prefix = new Option<string?>("--prefix")
        {
            Description = "repository path put before every repository of the content (as in oc-mirror's docker://HOST/PREFIX)", Recursive = true,
        };
        var command = new Command("import", "import images from another registry's storage or from oc-mirror archives, without pushing them again")
        {
            prefix, Distribution(common, prefix), OcMirror(common, prefix), OciLayout(common, prefix), ImportMirrorRegistryCommand.Create(common, LinkOption()),
        };
        return command;
    }

    private static Option<bool> LinkOption() => new("--link")
    {
        Description = "hard-link blob files into this registry's store instead of copying them when both are on one filesystem (still hashed once); "
            + "the two then share those files, which neither changes",
    };

    private static Command Distribution(CommonOptions common, Option<string?> prefix)
    {
        var root = new Argument<string>("root") { Description = "storage root of a CNCF distribution registry (the directory holding docker/registry/v2)" };
        var link = LinkOption();
        var command = new Command("distribution", "import every repository, tag and manifest of a CNCF distribution (registry:2, docker-registry) storage root")
        {
            root, link,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) =>
            RunAsync(common, parse, new DistributionTreeReader(parse.GetValue(root)!), parse.GetValue(prefix), parse.GetValue(link), cancellationToken));
        return command;
    }

    private static Command OcMirror(CommonOptions common, Option<string?> prefix)
    {
        var archives = new Argument<string[]>("archive")
        {
            Description = "oc-mirror v2 archive volumes (mirror_000001.tar ...) or directories holding them, in any order", Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out")
        {
            Description = "write what disk-to-mirror leaves for the cluster here: ImageDigestMirrorSet/ImageTagMirrorSet, a CatalogSource per "
                + "operator catalog, the release signatures' ConfigMap",
        };
        var command = new Command("oc-mirror", "import the images of oc-mirror v2 archives (mirror-to-disk output), as its disk-to-mirror would push them")
        {
            archives, output,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) =>
        {
            // Settings after the archives (--storage:driver s3 ...) land among them: they go to the host, the rest are paths.
            var (settings, paths, _) = SettingArguments.Split(parse.GetValue(archives)!);
            var reader = OcMirrorArchiveReader.Of(paths);
            var clusterResources = parse.GetValue(output) is { } directory
                ? (services, report, cancel) => ImportClusterResources.WriteAsync(services, directory, parse.GetValue(prefix), report, reader.Signatures, cancel)
                : (Func<IServiceProvider, ImportReport, CancellationToken, Task>?)null;
            return RunAsync(common, parse, reader, parse.GetValue(prefix), link: false, cancellationToken, settings, clusterResources);
        });
        return command;
    }

    private static Command OciLayout(CommonOptions common, Option<string?> prefix)
    {
        var directory = new Argument<string>("directory") { Description = "an OCI image layout (index.json, blobs/), as skopeo copy ... oci:DIR:TAG writes it" };
        var repository = new Option<string>("--repository") { Description = "the repository its images go to", Required = true };
        var link = LinkOption();
        var command = new Command("oci-layout", "import the images of an OCI image layout into one repository, tagged by their org.opencontainers.image.ref.name")
        {
            directory, repository, link,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(common, parse, new OciLayoutReader(parse.GetValue(directory)!, parse.GetValue(repository)!),
            parse.GetValue(prefix), parse.GetValue(link), cancellationToken));
        return command;
    }

    /// <summary>Each imported image's audit event: where it came from and the tags it got.</summary>
    internal static Func<ImportedImage, CancellationToken, Task> AuditImage(AuditTrail audit, string source) =>
        (image, _) => audit.RecordLocalAsync(AuditActions.ImageImport, image.Repository.Value, image.Digest.ToString(),
            $"from {source}{(image.Tags.Count > 0 ? $", tags {string.Join(", ", image.Tags)}" : "")}");

    private static async Task<int> RunAsync(CommonOptions common, ParseResult parse, IForeignContent content, string? prefix, bool link,
        CancellationToken cancellationToken, IEnumerable<string>? settings = null,
        Func<IServiceProvider, ImportReport, CancellationToken, Task>? afterwards = null)
    {
        await using var registry = await OfflineRegistry.OpenAsync([.. common.HostArguments(parse), .. settings ?? []], cancellationToken);
        var audit = registry.Services.GetRequiredService<AuditTrail>();
        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine($"import: reading {content.Name}");
        var report = await registry.Services.GetRequiredService<ContentImport>().RunAsync(content, prefix, link, new ImportProgressLine(TimeProvider.System),
            AuditImage(audit, content.Name), cancellationToken);
        foreach (var problem in report.Problems) Console.WriteLine(problem);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"import: {report.ImagesImported} images imported ({report.ImagesPresent} here already), {report.TagsSet} tags set, "
             + $"{report.BlobsNew} blobs new{(link ? $" ({report.BlobsLinked} hard-linked)" : "")} ({report.BlobsPresent} here already), {ByteSizes.Format(report.BytesNew)} in {seconds:0.0} s"
            + $"{(report.IsClean ? "" : $"; {report.Problems.Count} problems")}");
        if (afterwards is not null) await afterwards(registry.Services, report, cancellationToken);
        return report.IsClean ? 0 : 1;
    }
}
