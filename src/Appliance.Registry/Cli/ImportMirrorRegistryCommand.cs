using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Configuration;
using Appliance.Core.Identity;
using Appliance.Core.Import;
using Appliance.Import.Quay;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>import mirror-registry --quay-config DIR --sqlite FILE --storage DIR [--dry-run] [--json] [--link] [--verify-sample N]</c>:
/// takes over a stopped Red Hat mirror-registry 2.x (Quay on SQLite) on this host: its live content through the import
/// pipeline, its users with their bcrypt hashes, its robot accounts with their tokens, its permissions as namespace grants.
/// Quay's files are only read. The plan comes first (the whole output of <c>--dry-run</c>); an unknown schema version is
/// refused there, before anything is opened for writing. Exit 0 when everything moved (or the dry run found a supported
/// installation), 1 when anything was refused, missing or not decryptable (the rest is imported), 2 on bad usage.
/// </summary>
public static class ImportMirrorRegistryCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CommonOptions common, Option<bool> link)
    {
        var config = new Option<string>("--quay-config") { Description = "Quay's config directory (quay-config, holding config.yaml)", Required = true };
        var sqlite = new Option<string>("--sqlite") { Description = "Quay's SQLite database (sqlite-storage/quay_sqlite.db), read only", Required = true };
        var storage = new Option<string>("--storage") { Description = "Quay's blob storage (quay-storage, holding sha256/)", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "print the plan (what was found, what moves, what does not and why) and change nothing" };
        var json = new Option<bool>("--json") { Description = "print the plan, or the plan and what the import did, as one JSON object on stdout" };
        var sample = new Option<int>("--verify-sample") { Description = "blobs re-hashed while planning, spread over all (every blob's file and size are checked regardless)" };
        var command = new Command("mirror-registry", "take over a stopped mirror-registry 2.x (Quay on SQLite): content, users, robot accounts, permissions")
        {
            config, sqlite, storage, dryRun, json, link, sample,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(common, parse, new Arguments(parse.GetValue(config)!, parse.GetValue(sqlite)!,
            parse.GetValue(storage)!, parse.GetValue(dryRun), parse.GetValue(json), parse.GetValue(link), Math.Max(0, parse.GetValue(sample))), cancellationToken));
        return command;
    }

    private sealed record Arguments(string Config, string Sqlite, string Storage, bool DryRun, bool Json, bool Link, int VerifySample);

    private static async Task<int> RunAsync(CommonOptions common, ParseResult parse, Arguments arguments, CancellationToken cancellationToken)
    {
        MirrorRegistryInstallation installation;
        try
        {
            installation = await MirrorRegistryInstallation.OpenAsync(arguments.Config, arguments.Sqlite, arguments.Storage, TimeProvider.System, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"import mirror-registry: {e.Message}");
            return 1;
        }
        await using (installation)
        {
            // Where the registry's data will be; hard links need it on the same mount as Quay's storage.
            var data = parse.GetValue(common.Data) ?? "data";
            var plan = await installation.PlanAsync(arguments.Link && MountPoints.Same(arguments.Storage, data), arguments.VerifySample, cancellationToken);
            if (!plan.Supported || arguments.DryRun)
            {
                if (arguments.Json) Console.WriteLine(JsonSerializer.Serialize(plan, Json));
                else PrintPlan(plan, arguments.Link);
                return plan.Supported ? 0 : 1;
            }
            if (!arguments.Json) PrintPlan(plan, arguments.Link);
            var outcome = await ImportAsync(common, parse, installation, arguments.Link, cancellationToken);
            if (arguments.Json)
            {
                var result = JsonSerializer.SerializeToNode(plan, Json)!.AsObject();
                result["import"] = JsonSerializer.SerializeToNode(outcome, Json);
                Console.WriteLine(result.ToJsonString(Json));
            }
            else
            {
                foreach (var problem in outcome.Problems) Console.WriteLine(problem);
            }
            return outcome.Problems.Count == 0 && plan.UndecryptableRobots.Count == 0 ? 0 : 1;
        }
    }

    /// <summary>What the import did (the "import" member of the JSON report).</summary>
    private sealed record Outcome(long ImagesImported, long ImagesPresent, long TagsSet, long BlobsNew, long BlobsLinked, long BlobsPresent, long BytesNew,
        int UsersCreated, int UsersUpdated, int RobotsCreated, int GrantsSet, IReadOnlyList<string> Problems);

    private static async Task<Outcome> ImportAsync(CommonOptions common, ParseResult parse, MirrorRegistryInstallation installation, bool link,
        CancellationToken cancellationToken)
    {
        await using var registry = await OfflineRegistry.OpenAsync([.. common.HostArguments(parse)], cancellationToken);
        var services = registry.Services;
        var audit = services.GetRequiredService<AuditTrail>();
        var content = installation.Content();
        Console.Error.WriteLine($"import: reading {content.Name}");
        var report = await services.GetRequiredService<ContentImport>().RunAsync(content, prefix: null, link, new ImportProgressLine(TimeProvider.System),
            ImportCommand.AuditImage(audit, content.Name), cancellationToken);
        var identities = installation.Identities!;
        var problems = new List<string>(report.Problems);
        var grants = services.GetService<IGrantStore>();
        var robots = services.GetService<IRobotStore>();

        var (created, updated) = (0, 0);
        var users = services.GetRequiredService<IUserStore>();
        foreach (var user in identities.Users)
        {
            // Without namespace grants, what a user may push is only expressible as the global Push role.
            var role = grants is null && user.Role == Role.Pull && identities.CanPush(user.Name) ? Role.Push : user.Role;
            var existing = await users.FindAsync(user.Name, cancellationToken);
            if (existing is null && await users.CreateAsync(new RegistryUser(user.Name, role, user.PasswordHash), cancellationToken)) created++;
            else if (existing is not null && (existing.PasswordHash != user.PasswordHash || existing.Role != role))
            {
                // A takeover: Quay's account wins, so its user logs in with the password it had there.
                await users.UpdateAsync(existing with { PasswordHash = user.PasswordHash, Role = role }, cancellationToken);
                updated++;
            }
            else continue;
            await audit.RecordLocalAsync(AuditActions.UserAdd, detail: $"user {user.Name} with role {role.ToString().ToLowerInvariant()} from mirror-registry");
        }

        var robotsCreated = 0;
        if (robots is null && identities.Robots.Count > 0) problems.Add($"robot accounts {string.Join(", ", identities.Robots.Select(r => r.Name))}: this registry keeps no robot accounts yet: not moved");
        foreach (var robot in identities.Robots)
        {
            if (robots is null) break;
            var hash = SecretHash(robot.Token);
            var existing = await robots.FindAsync(robot.Name, cancellationToken);
            if (existing is not null && existing.SecretHash == hash) continue;
            var account = new RobotAccount(robot.Name, "taken over from mirror-registry", hash, TimeProvider.System.GetUtcNow());
            if (existing is null ? await robots.CreateAsync(account, cancellationToken) : await robots.UpdateAsync(account, cancellationToken))
            {
                robotsCreated++;
                await audit.RecordLocalAsync(AuditActions.RobotAdd, detail: $"robot {robot.Name} from mirror-registry");
            }
        }
        foreach (var name in identities.UndecryptableRobots) problems.Add($"robot account {name}: its token does not decrypt with DATABASE_SECRET_KEY: not moved");

        var grantsSet = 0;
        foreach (var grant in identities.Grants)
        {
            if (grants is null) break;
            if (!await grants.SetAsync(grant, cancellationToken)) continue;
            grantsSet++;
            await audit.RecordLocalAsync(AuditActions.GrantSet,
                detail: $"{grant.Kind.ToString().ToLowerInvariant()} {grant.Principal} {grant.Permission.ToString().ToLowerInvariant()} on {grant.Namespace} from mirror-registry");
        }

        Console.Error.WriteLine($"import: {report.ImagesImported} images imported ({report.ImagesPresent} here already), {report.TagsSet} tags set, "
            + $"{report.BlobsNew} blobs new{(link ? $" ({report.BlobsLinked} hard-linked)" : "")} ({report.BlobsPresent} here already), {ByteSizes.Format(report.BytesNew)}; "
            + $"{created} users created, {updated} updated, {robotsCreated} robot accounts, {grantsSet} grants{(problems.Count == 0 ? "" : $"; {problems.Count} problems")}");
        return new Outcome(report.ImagesImported, report.ImagesPresent, report.TagsSet, report.BlobsNew, report.BlobsLinked, report.BlobsPresent, report.BytesNew,
            created, updated, robotsCreated, grantsSet, problems);
    }

    /// <summary>How robot secrets are stored: "sha256:" and the hex SHA-256 of the secret's UTF-8 (RobotService.HashSecret on the store branch).</summary>
    private static string SecretHash(string secret) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static void PrintPlan(QuayPlan plan, bool link)
    {
        var output = Console.Error;
        output.WriteLine($"mirror-registry: schema {plan.SchemaVersion ?? "(none)"}{(plan.Supported ? "" : " is NOT supported")}, SERVER_HOSTNAME {plan.ServerHostname ?? "(not set)"}");
        if (!plan.Supported)
        {
            foreach (var line in plan.NotMoved) Console.WriteLine(line);
            return;
        }
        output.WriteLine($"found: {plan.Users} users, {plan.Robots} robot accounts, {plan.Organizations} organizations, {plan.Repositories} repositories, "
            + $"{plan.Tags} live tags, {plan.Manifests} manifests, {plan.Blobs} blobs ({ByteSizes.Format(plan.Bytes)})");
        output.WriteLine($"space needed: {ByteSizes.Format(plan.BytesToCopy)}{(plan.BytesToCopy == 0 && link ? " (blobs hard-linked on the same filesystem)" : "")}");
        foreach (var robot in plan.UndecryptableRobots) Console.WriteLine($"robot account {robot}: its token does not decrypt with DATABASE_SECRET_KEY: will not move");
        foreach (var blob in plan.MissingBlobs) Console.WriteLine($"blob {blob.Digest}: {blob.Reason}; needed by {string.Join(", ", blob.Images)}");
        foreach (var line in plan.NotMoved) Console.WriteLine($"not moved: {line}");
    }
}
