using System.Security.Cryptography.X509Certificates;
using Appliance.Certs;
using Appliance.Installer.Steps;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Migrate;

/// <summary>
/// The plan, before anything changes: the certificate and CA that move, then this release's import run as a dry run on
/// the target (staged in a temporary directory), whose counts, bytes and leftovers are printed. An unsupported schema,
/// an expired certificate, an existing data directory or too little space stops the takeover here.
/// </summary>
public sealed class QuayPlanStep(QuayTakeover takeover) : IStep
{
    public string Title => "Plan the takeover (the import's dry run)";

    public bool ChangesTarget => false;

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var quay = takeover.Quay;
        var data = context.Layout.DataDirectory;
        if (await context.Target.ExistsAsync(data, quay.IsSystem, cancellationToken))
        {
            throw new InstallerException($"{data} already exists; the takeover imports into a new data directory (move it away, or 'uninstall --deleteData' what is left there)");
        }
        await DescribeCertificatesAsync(context, quay, cancellationToken);

        await using var server = await StagedServer.CopyAsync(context, cancellationToken);
        var result = await server.RunAsync(QuayImport.Arguments(quay.Paths, data, dryRun: true), quay.IsSystem, cancellationToken);
        var plan = result.StandardOutput.Contains('{', StringComparison.Ordinal) ? ImportPlan.Parse(result.StandardOutput) : null;
        if (plan is { Supported: false })
        {
            throw new InstallerException($"Quay's database schema version {plan.SchemaVersion ?? "(none)"} is not supported by this release's import; nothing was stopped or changed");
        }
        if (!result.Succeeded || plan is null)
        {
            throw new InstallerException($"the import's dry run failed (exit code {result.ExitCode}): {string.Join(" | ", result.StandardError.Trim().Split('\n').TakeLast(5))}");
        }
        takeover.Plan = plan;
        Describe(context.Reporter, takeover, data);

        var free = await context.Target.FreeKilobytesAsync(data, quay.IsSystem, cancellationToken);
        var needed = plan.BytesToCopy / 1024 + PreflightStep.MinimumFreeKilobytes;
        if (free < needed)
        {
            throw new InstallerException($"{data} has {free / 1024} MiB free; the import copies {Size(plan.BytesToCopy)} and the registry needs 1 GiB beside it");
        }
        context.Reporter.Ok($"schema {plan.SchemaVersion} is supported; {Size(plan.BytesToCopy)} to copy, {free / 1024 / 1024} GiB free");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The served certificate and the CA clusters trust, both public: they are read here, the keys stay on the target.</summary>
    private static async Task DescribeCertificatesAsync(StepContext context, QuayInstallation quay, CancellationToken cancellationToken)
    {
        var paths = quay.Paths;
        var served = await context.Target.ReadFileAsync(paths.ServerCertificate, quay.IsSystem, cancellationToken)
            ?? throw new InstallerException($"{paths.ServerCertificate} does not exist: the takeover serves Quay's own certificate");
        if (!await context.Target.ExistsAsync(paths.ServerKey, quay.IsSystem, cancellationToken)) throw new InstallerException($"{paths.ServerKey} does not exist");
        var certificate = Describe(context.Reporter, "certificate", paths.ServerCertificate, served);
        if (certificate.IsExpired) throw new InstallerException($"{paths.ServerCertificate} expired on {certificate.NotAfter:u}; renew it in Quay first");
        if (await context.Target.ReadFileAsync(paths.CaCertificate, quay.IsSystem, cancellationToken) is not { } ca)
        {
            context.Reporter.Detail($"CA: no {paths.CaCertificate} (a certificate of your own CA): clients keep trusting that CA; 'certs renew' needs a CA key and will not work");
            return;
        }
        Describe(context.Reporter, "CA", paths.CaCertificate, ca);
        context.Reporter.Detail(await context.Target.ExistsAsync(paths.CaKey, quay.IsSystem, cancellationToken)
            ? $"CA key: {paths.CaKey} moves along, so 'certs renew' issues from the same CA"
            : $"CA key: none at {paths.CaKey}, so 'certs renew' will not work (replace certificates with 'certs replace')");
    }

    private static CertificateInfo Describe(Reporter reporter, string what, string path, string pem)
    {
        using var certificate = X509Certificate2.CreateFromPem(pem);
        var info = CertificateInfo.FromCertificate(certificate);
        var names = info.DnsNames.Concat(info.IPAddresses.Select(a => a.ToString())).ToList();
        reporter.Detail($"{what}: {path}: {info.Subject}{(names.Count > 0 ? $" for {string.Join(", ", names)}" : "")}, valid until {info.NotAfter:u}");
        return info;
    }

    private static void Describe(Reporter reporter, QuayTakeover takeover, string data)
    {
        var plan = takeover.Plan!;
        reporter.Detail($"Quay schema {plan.SchemaVersion}: {plan.Users} users, {plan.Robots} robot accounts, {plan.Organizations} organizations, "
            + $"{plan.Repositories} repositories, {plan.Tags} tags, {plan.Manifests} manifests, {plan.Blobs} blobs ({Size(plan.Bytes)})");
        reporter.Detail(takeover.Linked
            ? $"into {data}: blobs hard-linked (the same file system as Quay's storage), nothing copied"
            : $"into {data}: {Size(plan.BytesToCopy)} of blobs copied");
        List(reporter, "robot token that cannot be decrypted (that robot's pull secrets stop working)", plan.UndecryptableRobots);
        List(reporter, "missing or damaged blob (reported, the rest is imported)", plan.MissingBlobs);
        List(reporter, "does not move", plan.NotMoved);
    }

    private static void List(Reporter reporter, string what, IReadOnlyList<System.Text.Json.JsonElement>? entries)
    {
        foreach (var entry in entries ?? []) reporter.Detail($"{what}: {ImportPlan.Describe(entry)}");
    }

    private static string Size(long bytes) => bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KiB" : bytes < 1L << 30 ? $"{bytes / 1048576.0:0.#} MiB" : $"{bytes / 1073741824.0:0.##} GiB";
}
