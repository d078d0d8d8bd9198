namespace Appliance.Core.Auth;

public sealed record RegistryUser(string Name, Role Role, string PasswordHash);
