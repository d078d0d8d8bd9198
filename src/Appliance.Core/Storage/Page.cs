namespace Appliance.Core.Storage;

/// <summary>One page of a lexically ordered listing; <see cref="HasMore"/> drives the Link header.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore);
