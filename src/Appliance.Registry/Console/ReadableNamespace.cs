using Appliance.Core.Identity;

namespace Appliance.Registry.ConsoleApi;

/// <summary>Whether the caller's readable namespace patterns (<see cref="Auth.CallerAccess.ReadablePatternsAsync"/>) reach a namespace.</summary>
public static class ReadableNamespace
{
    /// <param name="readable">null: every namespace.</param>
    public static bool Covers(IReadOnlyList<string>? readable, string @namespace) =>
        readable is null || readable.Any(pattern => NamespacePattern.Matches(pattern, @namespace));
}
