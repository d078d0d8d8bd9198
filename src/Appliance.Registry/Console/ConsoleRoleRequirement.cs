using Appliance.Core.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>Endpoint metadata: the least role a console endpoint needs; <see cref="ConsoleGuard"/> enforces it.</summary>
public sealed record ConsoleRoleRequirement(Role Role);
