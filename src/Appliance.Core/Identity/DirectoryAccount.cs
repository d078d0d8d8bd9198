namespace Appliance.Core.Identity;

/// <summary>A user the directory authenticated: the login name, its entry's DN and the names of the groups it is in (nested included).</summary>
public sealed record DirectoryAccount(string Name, string DistinguishedName, IReadOnlyList<string> Groups);
