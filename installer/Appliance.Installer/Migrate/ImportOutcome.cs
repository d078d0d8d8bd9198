using System.Text.Json;
using System.Text.Json.Nodes;

namespace Appliance.Installer.Migrate;

/// <summary>
/// What <c>import mirror-registry --json</c> reports after a real run: its plan, and under <c>import</c> what it did and
/// the problems it met (a missing blob, a robot whose token does not decrypt), one line each.
/// </summary>
public sealed record ImportOutcome(ImportPlan Plan, bool Ran, IReadOnlyList<string> Problems)
{
    public static ImportOutcome? TryParse(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        if (start < 0) return null;
        try
        {
            var plan = ImportPlan.Parse(output);
            var import = JsonNode.Parse(output[start..])?["import"];
            var problems = import?["problems"]?.AsArray().Select(p => p?.GetValue<string>() ?? "").ToList() ?? [];
            return new ImportOutcome(plan, import is not null, problems);
        }
        catch (Exception e) when (e is JsonException or InstallerException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The problems are the ones the dry run announced (blobs already missing in Quay, tokens that do not decrypt): Quay
    /// could not serve those either, so they are reported and the takeover goes on.
    /// </summary>
    public bool OnlyAnnounced(ImportPlan announced) =>
        Ran && Problems.Count <= (announced.MissingBlobs?.Count ?? 0) + (announced.UndecryptableRobots?.Count ?? 0);
}
