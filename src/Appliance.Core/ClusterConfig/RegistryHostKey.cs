namespace Appliance.Core.ClusterConfig;

/// <summary>
/// The key of a registry in the image.config additionalTrustedCA ConfigMap: ConfigMap keys may not hold ':', so
/// OpenShift reads <c>host..port</c> as <c>host:port</c>.
/// </summary>
public static class RegistryHostKey
{
    public static string For(string registryHost)
    {
        var colon = registryHost.LastIndexOf(':');
        return colon < 0 || registryHost.EndsWith(']') ? registryHost : $"{registryHost[..colon]}..{registryHost[(colon + 1)..]}";
    }
}
