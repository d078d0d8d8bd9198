using System.Xml.Linq;

namespace Appliance.Core.Tests;

/// <summary>
/// The dependency rule, read from the project files as the build reads them: Registry -> Core &lt;- engines. Core knows
/// no engine, no web framework and no database; an engine references Core (and the SQL engines Relational, which is
/// written against ADO.NET only), never another engine's project or driver package.
/// </summary>
public sealed class DependencyRuleTests
{
    private const string Core = "Appliance.Core";
    private const string Relational = "Appliance.Storage.Relational";

    /// <summary>Each engine and the packages only it may use (its driver). A new engine is one line here, or this test fails.</summary>
    private static readonly Dictionary<string, string[]> EngineDrivers = new()
    {
        ["Appliance.Storage.FileSystem"] = [],
        ["Appliance.Storage.Sqlite"] = ["Microsoft.Data.Sqlite"],
        ["Appliance.Storage.Postgres"] = ["Npgsql"],
        ["Appliance.Storage.S3"] = ["AWSSDK."],
    };

    /// <summary>The engines that share <see cref="Relational"/>.</summary>
    private static readonly string[] SqlEngines = ["Appliance.Storage.Sqlite", "Appliance.Storage.Postgres"];

    /// <summary>
    /// Adapters of other systems: the directory client behind Core's IDirectory, the upstream registries' client behind
    /// IUpstreams, and importers of other registries' installations. Like engines, each references Core and only the packages
    /// that talk to its system.
    /// </summary>
    private static readonly Dictionary<string, string[]> Adapters = new()
    {
        ["Appliance.Ldap"] = ["System.DirectoryServices.Protocols"],
        ["Appliance.Import.Quay"] = ["Microsoft.Data.Sqlite", "YamlDotNet"],
        ["Appliance.Upstream"] = [],
    };

    /// <summary>Projects anyone may use: utilities that know nothing of the registry.</summary>
    private static readonly string[] Shared = ["Appliance.Certs"];

    private static readonly Dictionary<string, ProjectFile> Projects = ProjectFile.ReadAll();

    [Fact]
    public void Every_storage_project_is_a_known_engine_or_the_shared_relational_layer()
    {
        var storage = Projects.Keys.Where(name => name.StartsWith("Appliance.Storage", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(EngineDrivers.Keys.Append(Relational).Order(StringComparer.Ordinal), storage);
    }

    [Fact]
    public void Core_references_no_project_and_no_web_or_database_package()
    {
        var core = Projects[Core];
        Assert.Empty(core.ProjectReferences);
        Assert.DoesNotContain(core.Packages, package =>
            package.Contains("AspNetCore", StringComparison.OrdinalIgnoreCase) || package.Contains("Data", StringComparison.OrdinalIgnoreCase)
            || package.Contains("Sql", StringComparison.OrdinalIgnoreCase) || IsDriver(package));
    }

    [Fact]
    public void An_engine_references_core_and_shared_projects_only_and_no_other_engines_driver()
    {
        foreach (var (engine, drivers) in EngineDrivers)
        {
            var project = Projects[engine];
            HashSet<string> allowed = [Core, .. Shared, .. SqlEngines.Contains(engine) ? [Relational] : Array.Empty<string>()];
            Assert.All(project.ProjectReferences, reference => Assert.True(allowed.Contains(reference), $"{engine} references {reference}"));
            Assert.All(project.Packages, package => Assert.False(IsDriver(package) && !drivers.Any(d => package.StartsWith(d, StringComparison.Ordinal)),
                $"{engine} references {package}, another engine's driver"));
            Assert.DoesNotContain(project.Packages, package => package.Contains("AspNetCore", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void An_adapter_references_core_only_and_only_the_packages_that_talk_to_its_system()
    {
        var adapters = Projects.Keys.Where(name => name.StartsWith("Appliance.Import", StringComparison.Ordinal) || name is "Appliance.Ldap" or "Appliance.Upstream")
            .Order(StringComparer.Ordinal);
        Assert.Equal(Adapters.Keys.Order(StringComparer.Ordinal), adapters);
        foreach (var (adapter, packages) in Adapters)
        {
            Assert.Equal([Core], Projects[adapter].ProjectReferences);
            Assert.All(Projects[adapter].Packages, package => Assert.Contains(package, packages));
        }
    }

    [Fact]
    public void The_relational_layer_references_core_only_and_no_driver()
    {
        var relational = Projects[Relational];
        Assert.Equal([Core], relational.ProjectReferences);
        Assert.DoesNotContain(relational.Packages, IsDriver);
    }

    [Fact]
    public void Nothing_but_the_registry_references_the_registry_and_the_installer_references_no_engine()
    {
        foreach (var project in Projects.Values.Where(p => p.Name != "appliance-registry"))
        {
            Assert.DoesNotContain("appliance-registry", project.ProjectReferences);
        }
        var installer = Projects["mirror-registry"];
        Assert.DoesNotContain(installer.ProjectReferences, reference => reference == Core || EngineDrivers.ContainsKey(reference) || reference == Relational);
        Assert.DoesNotContain(installer.Packages, IsDriver);
    }

    private static bool IsDriver(string package) =>
        EngineDrivers.Values.SelectMany(drivers => drivers).Any(driver => package.StartsWith(driver, StringComparison.Ordinal));

    /// <summary>A project under src/ or installer/ (and the shared certs library): the assembly it builds and what it references.</summary>
    private sealed record ProjectFile(string Name, string[] ProjectReferences, string[] Packages)
    {
        public static Dictionary<string, ProjectFile> ReadAll()
        {
            var root = FindRepositoryRoot();
            return new[] { "src", "installer", "certs" }
                .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories))
                .Select(Read)
                .ToDictionary(project => project.Name);
        }

        private static ProjectFile Read(string path)
        {
            var xml = XDocument.Load(path);
            string[] Includes(string item) => [.. xml.Descendants(item).Select(e => (string)e.Attribute("Include")!)];
            // Named as the build names the assembly (the registry is appliance-registry, the installer mirror-registry).
            var name = xml.Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault() ?? Path.GetFileNameWithoutExtension(path);
            var references = Includes("ProjectReference").Select(reference =>
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, reference));
                return XDocument.Load(target).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault()
                       ?? Path.GetFileNameWithoutExtension(target);
            });
            return new ProjectFile(name, [.. references], Includes("PackageReference"));
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Appliance.sln"))) return directory.FullName;
            }
            throw new InvalidOperationException("cannot find Appliance.sln above the test binaries");
        }
    }
}
