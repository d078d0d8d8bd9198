using System.Text;
using Appliance.Core.Identity;

namespace Appliance.Storage.Relational;

/// <summary>
/// The SQL condition "the repository is in one of these namespace patterns" (from <see cref="AccessDecision.ReadablePatterns"/>),
/// so listings for a caller who may read only some namespaces are filtered, counted and paged by the database.
/// </summary>
public static class NamespaceFilter
{
    /// <param name="column">The repository name column, e.g. <c>p.name</c>.</param>
    /// <param name="parameterPrefix">The dialect's placeholder prefix ('$' or '@').</param>
    /// <returns>"" for no filter (null patterns); otherwise " AND (...)" and the parameters it names.</returns>
    public static (string Sql, IReadOnlyList<(string Name, string Value)> Parameters) For(IReadOnlyList<string>? patterns, string column,
        char parameterPrefix)
    {
        if (patterns is null) return ("", []);
        if (patterns.Count == 0) return (" AND 1 = 0", []);
        var sql = new StringBuilder(" AND (");
        var parameters = new List<(string, string)>();
        foreach (var pattern in patterns)
        {
            var name = $"ns{parameters.Count}";
            if (parameters.Count > 0) sql.Append(" OR ");
            if (pattern.EndsWith('*'))
            {
                // The namespace is the first path component and patterns hold no '/', so a prefix of it is a prefix of the name.
                sql.Append($"{column} LIKE {parameterPrefix}{name} ESCAPE '\\'");
                parameters.Add((name, EscapeLike(pattern[..^1]) + "%"));
            }
            else
            {
                sql.Append($"({column} = {parameterPrefix}{name} OR {column} LIKE {parameterPrefix}{name}l ESCAPE '\\')");
                parameters.Add((name, pattern));
                parameters.Add((name + "l", EscapeLike(pattern) + "/%"));
            }
        }
        return (sql.Append(')').ToString(), parameters);
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
