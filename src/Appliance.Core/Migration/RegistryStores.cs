using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Core.Storage;

namespace Appliance.Core.Migration;

/// <summary>The storage engines of one registry, as a migration reads them (the source) or writes them (the target).</summary>
public sealed record RegistryStores(
    IBlobStore Blobs,
    IBlobIndex BlobIndex,
    IManifestIndex Manifests,
    IRepositoryCatalog Repositories,
    IUserStore Users,
    IGrantStore Grants,
    IRobotStore Robots,
    IGroupStore Groups,
    IAuditLog Audit);
