using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>
/// A registry's data directory for an import, on the engines the tests run on (<see cref="TestBackend"/>): the server, the
/// import and verify all get the same engine settings, so all see the same database and bucket.
/// </summary>
public sealed class ImportTarget : IDisposable
{
    private readonly TestDirectory _data = new("import-registry");
    private string[] _engines = [];

    private ImportTarget() { }

    public string DataDirectory => _data.Path;

    /// <summary>The settings that put the registry on the engines the tests run on (none for the default pair).</summary>
    public IReadOnlyList<string> EngineArguments => _engines;

    public static async Task<ImportTarget> CreateAsync()
    {
        var target = new ImportTarget();
        target._engines = await TestBackend.ServerArgumentsAsync(target.DataDirectory, CancellationToken.None);
        return target;
    }

    /// <param name="settings">More settings for the server (e.g. authentication on), after the engines'.</param>
    public Task<RegistryServer> StartAsync(params string[] settings) => RegistryServer.StartOnAsync(DataDirectory, [.. _engines, .. settings]);

    public Task<ProcessResult> ImportAsync(params string[] arguments) => RunAsync(["import", .. arguments]);

    /// <summary>Any command of the registry on this data directory and these engines.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) => RegistryCli.RunAsync(DataDirectory, [.. arguments, .. _engines]);

    /// <summary>The command line of an import run as its own process (to be killed).</summary>
    public IEnumerable<string> ImportCommandLine(params string[] arguments) =>
        [typeof(RegistryHost).Assembly.Location, "import", .. arguments, .. _engines, "--data", DataDirectory];

    public Task AssertVerifiesCleanAsync() => RegistryCli.AssertVerifiesCleanAsync(DataDirectory, _engines);

    public void Dispose() => _data.Dispose();
}
