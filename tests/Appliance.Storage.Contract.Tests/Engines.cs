using Appliance.Storage.Contract.Tests.Contracts;
using Appliance.Storage.Contract.Tests.Engines;

// Every engine against the contract of each interface it implements: a new engine is one line per interface here.
namespace Appliance.Storage.Contract.Tests;

public sealed class FileSystemBlobStore : BlobStoreContract<FileSystemEngine>;
public sealed class S3BlobStore : BlobStoreContract<S3Engine>;

public sealed class SqliteBlobIndex : BlobIndexContract<SqliteEngine>;
public sealed class PostgresBlobIndex : BlobIndexContract<PostgresEngine>;

public sealed class SqliteManifestIndex : ManifestIndexContract<SqliteEngine>;
public sealed class PostgresManifestIndex : ManifestIndexContract<PostgresEngine>;

public sealed class SqliteUploadSessions : UploadSessionsContract<SqliteEngine>;
public sealed class PostgresUploadSessions : UploadSessionsContract<PostgresEngine>;

public sealed class SqliteRepositoryCatalog : RepositoryCatalogContract<SqliteEngine>;
public sealed class PostgresRepositoryCatalog : RepositoryCatalogContract<PostgresEngine>;

public sealed class SqliteRegistryStatistics : RegistryStatisticsContract<SqliteEngine>;
public sealed class PostgresRegistryStatistics : RegistryStatisticsContract<PostgresEngine>;

public sealed class SqliteUsage : UsageContract<SqliteEngine>;
public sealed class PostgresUsage : UsageContract<PostgresEngine>;

public sealed class SqliteRepositoryBrowser : RepositoryBrowserContract<SqliteEngine>;
public sealed class PostgresRepositoryBrowser : RepositoryBrowserContract<PostgresEngine>;

public sealed class SqliteUserStore : UserStoreContract<SqliteEngine>;
public sealed class PostgresUserStore : UserStoreContract<PostgresEngine>;

public sealed class SqliteGrantStore : GrantStoreContract<SqliteEngine>;
public sealed class PostgresGrantStore : GrantStoreContract<PostgresEngine>;

public sealed class SqliteRobotStore : RobotStoreContract<SqliteEngine>;
public sealed class PostgresRobotStore : RobotStoreContract<PostgresEngine>;

public sealed class SqliteGroupStore : GroupStoreContract<SqliteEngine>;
public sealed class PostgresGroupStore : GroupStoreContract<PostgresEngine>;
public sealed class SqliteSyncJobStore : SyncJobStoreContract<SqliteEngine>;
public sealed class PostgresSyncJobStore : SyncJobStoreContract<PostgresEngine>;

public sealed class SqliteAuditLog : AuditLogContract<SqliteEngine>;
public sealed class PostgresAuditLog : AuditLogContract<PostgresEngine>;

public sealed class SqliteUpstreamCacheIndex : UpstreamCacheIndexContract<SqliteEngine>;
public sealed class PostgresUpstreamCacheIndex : UpstreamCacheIndexContract<PostgresEngine>;

/// <summary>SQLite's registry keeps its keys as files in the data directory and its failed logins in memory.</summary>
public sealed class SqliteSigningKeyStore : SigningKeyStoreContract<SqliteEngine>;
public sealed class PostgresSigningKeyStore : SigningKeyStoreContract<PostgresEngine>;

public sealed class SqliteLoginFailureStore : LoginFailureStoreContract<SqliteEngine>;
public sealed class PostgresLoginFailureStore : LoginFailureStoreContract<PostgresEngine>;

/// <summary>Only replicas share their certificate: a single registry serves the files in its TLS directory.</summary>
public sealed class PostgresSharedCertificateStore : SharedCertificateStoreContract<PostgresEngine>;

public sealed class SqliteGarbageCollection : GarbageCollectionContract<SqliteEngine>;
public sealed class PostgresGarbageCollection : GarbageCollectionContract<PostgresEngine>;

public sealed class SqliteConcurrentWriters : ConcurrentWritersContract<SqliteEngine>;
public sealed class PostgresConcurrentWriters : ConcurrentWritersContract<PostgresEngine>;

public sealed class SqliteIdentityServices : IdentityServicesContract<SqliteEngine>;
public sealed class PostgresIdentityServices : IdentityServicesContract<PostgresEngine>;

public sealed class SqliteQuotaStore : QuotaStoreContract<SqliteEngine>;
public sealed class PostgresQuotaStore : QuotaStoreContract<PostgresEngine>;
public sealed class SqliteRetention : RetentionContract<SqliteEngine>;
public sealed class PostgresRetention : RetentionContract<PostgresEngine>;
