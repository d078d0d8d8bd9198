namespace Appliance.Core.Auth;

/// <param name="LastLogin">When the user last logged in (to a minute); null: never.</param>
public sealed record RegistryUser(string Name, Role Role, string PasswordHash, DateTimeOffset? LastLogin = null);
