using System.Reflection;
using Appliance.Core.Configuration;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;
using Appliance.Registry.Metrics;
using Appliance.Registry.Tls;
using Appliance.Storage;

namespace Appliance.Registry.Configuration;

/// <summary>The settings a command line may carry as <c>--section:key value</c>: a property of one of the options classes.</summary>
public static class SettingNames
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [ServerOptions.Section] = typeof(ServerOptions),
        [StorageOptions.Section] = typeof(StorageOptions),
        [MetadataOptions.Section] = typeof(MetadataOptions),
        [RegistryOptions.Section] = typeof(RegistryOptions),
        [GarbageCollectionOptions.Section] = typeof(GarbageCollectionOptions),
        [AuthOptions.Section] = typeof(AuthOptions),
        [TlsOptions.Section] = typeof(TlsOptions),
        [MetricsOptions.Section] = typeof(MetricsOptions),
        [AuditOptions.Section] = typeof(AuditOptions),
    };

    /// <param name="path"><c>section:key</c>, or deeper for list items such as <c>tls:hostNames:0</c>.</param>
    public static bool IsSetting(string path)
    {
        var parts = path.Split(':');
        return parts.Length >= 2 && Sections.TryGetValue(parts[0], out var type)
            && type.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null;
    }
}
