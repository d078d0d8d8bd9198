using Appliance.Core.Identity;

namespace Appliance.Core.Retention;

/// <summary>
/// The rules for the repositories of one scope: a namespace pattern (<c>ocp4</c>, <c>ci-*</c>, <c>*</c>, as grants write them)
/// or a repository name containing '/', optionally ending in '*' (<c>openshift/release-images</c>, <c>team/app-*</c>). A
/// repository follows the most specific policy whose scope matches it: the longest scope.
/// </summary>
public sealed record RetentionPolicy(string Scope, IReadOnlyList<RetentionRule> Rules, DateTimeOffset? UpdatedAt = null)
{
    public bool IsRepositoryScope => Scope.Contains('/');

    public bool Covers(string repository) => IsRepositoryScope
        ? Scope.EndsWith('*') ? repository.StartsWith(Scope[..^1], StringComparison.Ordinal) : repository == Scope
        : NamespacePattern.Matches(Scope, NamespacePattern.Of(repository));

    /// <summary>The namespace pattern that holds every repository of the scope (for who may manage it).</summary>
    public string Namespace => IsRepositoryScope ? NamespacePattern.Of(Scope) : Scope;

    /// <summary>Why the policy cannot be stored, or null.</summary>
    public string? Problem()
    {
        var scopeOk = IsRepositoryScope
            ? Scope.Length <= 255 && Scope.TrimEnd('*').All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '/')
              && Scope.Count(c => c == '*') <= (Scope.EndsWith('*') ? 1 : 0) && NamespacePattern.IsValid(NamespacePattern.Of(Scope))
            : NamespacePattern.IsValid(Scope);
        if (!scopeOk) return $"scope '{Scope}' is neither a namespace pattern (ocp4, ci-*, *) nor a repository (team/app, team/app-*)";
        if (Rules.Count == 0) return "a policy needs at least one rule";
        return Rules.Select((rule, i) => rule.Problem() is { } problem ? $"rule {i + 1}: {problem}" : null).FirstOrDefault(p => p is not null);
    }

    /// <summary>The policy that governs <paramref name="repository"/>: the longest scope covering it.</summary>
    public static RetentionPolicy? For(IEnumerable<RetentionPolicy> policies, string repository) =>
        policies.Where(p => p.Covers(repository)).MaxBy(p => p.Scope.TrimEnd('*').Length + (p.Scope.EndsWith('*') ? 0 : 1));
}
