namespace Appliance.Core.Auth;

/// <summary>
/// One Docker token scope, <c>type:name:action[,action]</c>, e.g. <c>repository:ocp/release:pull,push</c>
/// or <c>registry:catalog:*</c>. Repository names may contain ':' only in a port-qualified form we
/// never serve, so the name is everything between the first and the last colon.
/// </summary>
public sealed record AccessScope(string Type, string Name, IReadOnlyList<string> Actions)
{
    public const string Repository = "repository";
    public const string Registry = "registry";
    public const string Catalog = "catalog";

    public static bool TryParse(string text, out AccessScope scope)
    {
        scope = null!;
        var first = text.IndexOf(':');
        var last = text.LastIndexOf(':');
        if (first <= 0 || last <= first + 1) return false;
        var actions = text[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        scope = new AccessScope(text[..first], text[(first + 1)..last], actions);
        return true;
    }

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
