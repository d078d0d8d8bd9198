using System.Reflection;

namespace Appliance.Storage.Relational;

/// <summary>The schema migrations an engine embeds as <c>Migrations/NNN_name.sql</c>; how each engine applies and records them differs.</summary>
public static class MigrationScripts
{
    public static IEnumerable<(int Version, string Sql)> Load(Assembly assembly)
    {
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var fileName = resource.Split('.')[^2].TrimStart('_');
            var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_')), System.Globalization.CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (version, reader.ReadToEnd());
        }
    }
}
