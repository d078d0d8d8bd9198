using Appliance.Core.Configuration;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Core.Import;

/// <summary>
/// Imports foreign content (another registry's storage tree, oc-mirror archives) into this registry's engines, with the
/// server up or down: blobs stream into the store as they are read, then each image is recorded atomically once its blobs
/// are in. Everything already here is skipped, so a run that was killed is simply run again (see README.md).
/// </summary>
public sealed class ContentImport(
    IBlobStore store,
    IBlobIndex blobIndex,
    IManifestIndex manifests,
    ManifestParser parser,
    IOptions<RegistryOptions> options,
    IndexChildPolicy childPolicy,
    TimeProvider clock)
{
    /// <param name="prefix">Put before every repository path of the content (as <c>oc-mirror ... docker://host/prefix</c> does).</param>
    /// <param name="link">Hard-link blob files into the store instead of copying them, where it can (same filesystem).</param>
    /// <param name="imported">Called after each image is recorded (its audit event).</param>
    public async Task<ImportReport> RunAsync(IForeignContent content, string? prefix, bool link, IProgress<ImportProgress>? progress,
        Func<ImportedImage, CancellationToken, Task> imported, CancellationToken cancellationToken)
    {
        var recorded = await blobIndex.ListAsync(cancellationToken).ToDictionaryAsync(b => b.Digest, b => b.Size, cancellationToken: cancellationToken);
        var problems = new List<string>();
        var blobs = new BlobIntake(store, blobIndex, recorded, link, clock, problems);
        var repositories = new ForeignRepositories();
        ManifestRecorder? recorder = null;
        void Report() => progress?.Report(new ImportProgress(recorder?.Imported ?? 0, blobs.New + blobs.Present, blobs.BytesRead));

        await foreach (var entry in content.ReadAsync(cancellationToken))
        {
            switch (entry)
            {
                case ForeignProblem problem:
                    problems.Add($"{problem.Origin}: {problem.Problem}");
                    break;
                case ForeignTag tag when !Tag.IsValid(tag.Tag):
                    problems.Add($"{tag.Origin}: '{tag.Tag}' is not a valid tag: skipped");
                    break;
                case ForeignTag tag:
                    repositories.Add(tag);
                    break;
                case ForeignRevision revision:
                    repositories.Add(revision);
                    break;
                case ForeignBlob blob:
                    await blobs.TakeAsync(blob, Report, cancellationToken);
                    Report();
                    break;
            }
        }

        var targets = new List<(RepositoryName Target, ForeignRepository Repository)>();
        foreach (var repository in repositories.All)
        {
            var name = string.IsNullOrEmpty(prefix) ? repository.Path : $"{prefix.Trim('/')}/{repository.Path}";
            if (RepositoryName.TryParse(name, out var target)) targets.Add((target, repository));
            else problems.Add($"repository {repository.Path}: '{name}' is not a valid repository name: none of its images stored");
        }
        recorder = new ManifestRecorder(store, blobIndex, manifests, parser, childPolicy, options.Value.MaxManifestBytes, blobs, [.. targets.Select(t => t.Target)],
            clock, problems, async (image, cancel) =>
            {
                await imported(image, cancel);
                Report();
            });
        foreach (var (target, repository) in targets) await recorder.RecordAsync(target, repository, cancellationToken);
        recorder.ReportMissing();
        return new ImportReport(recorder.Imported, recorder.Present, recorder.TagsSet, blobs.New, blobs.Linked, blobs.Present, blobs.BytesNew, problems)
        {
            TaggedImages = recorder.TaggedImages,
        };
    }
}
