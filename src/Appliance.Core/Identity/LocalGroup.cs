namespace Appliance.Core.Identity;

/// <summary>A group kept by this registry (directory groups come from the directory); grants name it like a user.</summary>
public sealed record LocalGroup(string Name, IReadOnlyList<string> Members);
