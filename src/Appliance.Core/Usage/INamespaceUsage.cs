namespace Appliance.Core.Usage;

/// <summary>How much each namespace (a repository name's first path component) holds.</summary>
public interface INamespaceUsage
{
    /// <summary>
    /// The largest namespaces first, at most <paramref name="limit"/>, among those the patterns cover (null: all). A blob
    /// linked by two repositories of a namespace counts once in it; one shared by two namespaces counts in each.
    /// </summary>
    Task<IReadOnlyList<NamespaceSize>> LargestAsync(IReadOnlyList<string>? namespacePatterns, int limit, CancellationToken cancellationToken);
}

public sealed record NamespaceSize(string Namespace, long UniqueBytes, int Repositories);
