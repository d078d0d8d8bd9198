namespace Appliance.Import.Quay;

/// <summary>A row of Quay's <c>user</c> table: a user, an organization (organization = 1) or a robot (robot = 1, named namespace+name).</summary>
public sealed record QuayUser(long Id, string Name, string? PasswordHash, bool IsOrganization, bool IsRobot, bool Enabled);

/// <summary>A team of an organization with its team role (admin, creator, member) and its members (users and robots).</summary>
public sealed record QuayTeam(long Id, long OrganizationId, string Role, IReadOnlyList<long> Members);

/// <summary>A repository (namespace/name) and whether Quay lets anyone pull it.</summary>
public sealed record QuayRepository(long Id, string Namespace, string Name, bool IsPublic)
{
    public string Path => $"{Namespace}/{Name}";
}

/// <summary>A repository permission (admin, write, read) of a user or robot, or of a team.</summary>
public sealed record QuayPermission(long? UserId, long? TeamId, long RepositoryId, string Role);

/// <summary>A manifest of a repository (Quay stores one per repository and digest).</summary>
public sealed record QuayManifest(long Id, long RepositoryId, string Digest, string MediaType);

/// <summary>A live tag: its lifetime has not ended and Quay does not hide it.</summary>
public sealed record QuayTag(long RepositoryId, string Name, long ManifestId, long StartMs, long? EndMs);

/// <summary>A blob (an imagestorage row): its digest, the size Quay recorded, and whether its upload finished.</summary>
public sealed record QuayBlob(long Id, string? Digest, long? Size, bool Uploaded, bool ContentAddressed);
