using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Installer.Migrate;

/// <summary>
/// What <c>appliance-registry import mirror-registry --dry-run --json</c> found in Quay's database and storage: counts,
/// bytes, what needs copying (none when hard links work), what will not move, and the live tags (repository:tag@digest)
/// the registry must serve as Quay did.
/// </summary>
public sealed record ImportPlan(
    string? SchemaVersion, bool Supported, string? ServerHostname, long Users, long Robots, long Organizations, long Repositories, long Tags,
    long Manifests, long Blobs, long Bytes, long BytesToCopy, IReadOnlyList<JsonElement>? UndecryptableRobots, IReadOnlyList<JsonElement>? MissingBlobs,
    IReadOnlyList<JsonElement>? NotMoved, IReadOnlyList<string>? LiveTags)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>The JSON object on standard output (indented over many lines; progress goes to standard error).</summary>
    public static ImportPlan Parse(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        try
        {
            return (start < 0 ? null : JsonSerializer.Deserialize<ImportPlan>(output[start..], Json))
                ?? throw new InstallerException($"the import's dry run printed no plan: {output.Trim()}");
        }
        catch (JsonException e)
        {
            throw new InstallerException($"the import's dry run printed a plan this installer cannot read ({e.Message})");
        }
    }

    /// <summary>A list entry as a line: strings as they are, a missing blob as digest, reason and the images needing it, anything else as its JSON.</summary>
    public static string Describe(JsonElement entry) => entry.ValueKind switch
    {
        JsonValueKind.String => entry.GetString()!,
        JsonValueKind.Object when entry.TryGetProperty("digest", out var digest) && entry.TryGetProperty("reason", out var reason) =>
            $"{digest.GetString()}: {reason.GetString()}"
            + (entry.TryGetProperty("images", out var images) ? $"; needed by {string.Join(", ", images.EnumerateArray().Select(i => i.GetString()))}" : ""),
        _ => entry.GetRawText(),
    };
}
