using Appliance.Installer.Steps;

namespace Appliance.Installer.Migrate;

/// <summary>
/// With the registry serving: every live tag of Quay's must resolve to the digest Quay had for it, a sample of the
/// imported blobs is re-hashed and the metadata is checked against the files (the server's <c>verify --sample --tags -</c>,
/// safe beside the running server, given the tags on its standard input). Anything wrong rolls the takeover back.
/// </summary>
public sealed class VerifyTakeoverStep(QuayTakeover takeover) : IStep
{
    private const int Sample = 64;

    public string Title => $"Verify the imported content (every live tag's digest, re-hash {Sample} blobs)";

    public bool ChangesTarget => false;

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var verify = await context.RunRegistryAsync($"verify --sample {Sample} --tags -", cancellationToken,
            standardInput: string.Concat(takeover.LiveTags.Select(t => t + "\n")));
        var lines = verify.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines.Take(20)) context.Reporter.Detail(line);
        if (!verify.Succeeded) throw new InstallerException($"the imported content does not verify: {lines.LastOrDefault() ?? verify.StandardError.Trim()}");
        context.Reporter.Ok(lines.LastOrDefault() ?? "clean");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
