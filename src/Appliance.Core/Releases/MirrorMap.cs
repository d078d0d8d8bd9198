using Appliance.Core.ClusterConfig;
using Appliance.Core.Names;

namespace Appliance.Core.Releases;

/// <summary>
/// Where an image of another registry is in this one: a host that names this registry is simply dropped; other
/// repositories go through the most specific <c>--source SOURCE=MIRROR</c> that covers them.
/// </summary>
public sealed class MirrorMap(IReadOnlyList<MirrorSource> sources, Func<string, bool> namesThisRegistry)
{
    /// <summary>The repository in this registry and its full mirror name (host included), or null when nothing covers it.</summary>
    public MappedRepository? Map(string? host, string path)
    {
        if (host is null || namesThisRegistry(ImageReference.CanonicalHostName(host)))
        {
            return RepositoryName.TryParse(path, out var local) ? new MappedRepository(local, host is null ? path : $"{host}/{path}") : null;
        }
        var source = $"{host}/{path}";
        var mirror = sources.Where(s => s.MirrorOf(source) is not null).MaxBy(s => s.Source.Length)?.MirrorOf(source);
        if (mirror is null) return null;
        var repository = MirrorSource.RepositoryPath(mirror);
        if (!RepositoryName.TryParse(repository, out var name))
        {
            throw new ReleaseCheckException(ReleaseCheckFailure.BadInput, $"{source} maps to '{mirror}', which has no valid repository path");
        }
        return new MappedRepository(name, mirror);
    }

    /// <summary>Splits "host/path" (as in a component's source reference) at the host, when it has one.</summary>
    public MappedRepository? Map(string repository)
    {
        var slash = repository.IndexOf('/');
        var first = slash > 0 ? repository[..slash] : null;
        return first is not null && ImageReference.LooksLikeHost(first)
            ? Map(first, repository[(slash + 1)..])
            : Map(null, repository);
    }
}

public sealed record MappedRepository(RepositoryName Repository, string MirrorName);
