namespace Appliance.Core.Quotas;

/// <summary>A quota as stored: for one namespace, or for <see cref="Default"/>, the namespaces without one of their own.</summary>
public sealed record NamespaceQuota(string Namespace, Quota Quota)
{
    /// <summary>The stored name of the default quota: '*' is never a namespace name, so it cannot collide with one.</summary>
    public const string Default = "*";
}
