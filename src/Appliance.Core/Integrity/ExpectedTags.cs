using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Integrity;

/// <summary>
/// Checks that tags resolve here to the digests another registry served them as (a takeover's check that clients pulling
/// by tag get what they got before): one line per tag that is missing or names another manifest.
/// </summary>
public sealed class ExpectedTags(IManifestIndex manifests)
{
    /// <param name="expected">One <c>repository:tag@digest</c> each.</param>
    public async Task<IReadOnlyList<string>> CheckAsync(IEnumerable<string> expected, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var line in expected)
        {
            var at = line.IndexOf('@', StringComparison.Ordinal);
            var colon = at < 0 ? -1 : line.LastIndexOf(':', at);
            if (colon < 0 || !RepositoryName.TryParse(line[..colon], out var repository) || !Digest.TryParse(line[(at + 1)..], out var digest))
            {
                problems.Add($"'{line}' is no repository:tag@digest");
                continue;
            }
            var tag = line[(colon + 1)..at];
            var found = await manifests.FindByTagAsync(repository, tag, cancellationToken);
            if (found is null) problems.Add($"{repository}:{tag} is missing here (it was {digest})");
            else if (found.Digest != digest) problems.Add($"{repository}:{tag} is {found.Digest} here, it was {digest}");
        }
        return problems;
    }
}
