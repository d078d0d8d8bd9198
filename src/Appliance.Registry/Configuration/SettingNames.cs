using System.Reflection;
using Appliance.Core.Configuration;
using Appliance.Core.Upstreams;
using Appliance.Ldap;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;
using Appliance.Registry.Metrics;
using Appliance.Registry.Tls;
using Appliance.Storage.Postgres;
using Appliance.Storage.S3;
using Appliance.Upstream;

namespace Appliance.Registry.Configuration;

/// <summary>The settings a command line may carry as <c>--section:key value</c>: a property of one of the options classes.</summary>
public static class SettingNames
{
    private static readonly Dictionary<string, Type[]> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [ServerOptions.Section] = [typeof(ServerOptions)],
        [StorageOptions.Section] = [typeof(StorageOptions)],
        [MetadataOptions.Section] = [typeof(MetadataOptions), typeof(PostgresOptions)],
        [S3StorageOptions.Section] = [typeof(S3StorageOptions)],
        [RegistryOptions.Section] = [typeof(RegistryOptions)],
        [GarbageCollectionOptions.Section] = [typeof(GarbageCollectionOptions)],
        [RetentionOptions.Section] = [typeof(RetentionOptions)],
        [AuthOptions.Section] = [typeof(AuthOptions)],
        [LdapOptions.Section] = [typeof(LdapOptions)],
        [TlsOptions.Section] = [typeof(TlsOptions)],
        [MetricsOptions.Section] = [typeof(MetricsOptions)],
        [AuditOptions.Section] = [typeof(AuditOptions)],
        [SyncOptions.Section] = [typeof(SyncOptions)],
        [UpstreamOptions.Section] = [typeof(UpstreamOptions), typeof(UpstreamCacheOptions)],
    };

    /// <summary>Every setting of a scalar type with its <c>section:key</c> path (for reading values before they are bound).</summary>
    public static IEnumerable<(string Path, PropertyInfo Property)> ScalarSettings() =>
        from section in Sections
        from options in section.Value
        from property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.CanWrite && (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) is var type
              && (type.IsPrimitive || type == typeof(TimeSpan))
        select ($"{section.Key}:{property.Name}", property);

    /// <param name="path"><c>section:key</c> (a section may be nested, <c>storage:s3:bucket</c>), or deeper for list items such as <c>tls:hostNames:0</c>.</param>
    public static bool IsSetting(string path)
    {
        var parts = path.Split(':');
        // The most specific section wins: storage:s3:bucket is S3StorageOptions.Bucket, not a property "s3" of StorageOptions.
        for (var sectionLength = parts.Length - 1; sectionLength >= 1; sectionLength--)
        {
            if (Sections.TryGetValue(string.Join(':', parts[..sectionLength]), out var types))
            {
                return types.Any(type => type.GetProperty(parts[sectionLength], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null);
            }
        }
        return false;
    }
}
