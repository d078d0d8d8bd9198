using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Appliance.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster (15 on Debian 12) on a free loopback port, its socket and files in a directory of
/// its own. PostgreSQL refuses to run as root, so as root the cluster belongs to the <c>postgres</c> user. The role
/// logs in with a password (scram-sha-256), so the registry's <c>metadata.passwordFile</c> path is what tests use.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "appliance";
    /// <summary>Debian keeps the server's programs per major version, off PATH; Fedora and RHEL put them in /usr/bin.</summary>
    private static readonly string BinDirectory = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin")).Where(Directory.Exists)
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0).FirstOrDefault() ?? "/usr/bin"
        : "/usr/bin";
    private static readonly Lazy<Task<PostgresServer>> SharedCluster = new(StartSharedAsync);
    private readonly TestDirectory _directory;

    private PostgresServer(TestDirectory directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The role's password, one line, as the registry reads it.</summary>
    public string PasswordFile => _directory.Combine("password");

    private string DataDirectory => _directory.Combine("data");

    public static bool IsInstalled => File.Exists(Path.Combine(BinDirectory, "initdb"));

    /// <summary>One cluster per test process, started on first use and stopped when the process exits.</summary>
    public static Task<PostgresServer> SharedAsync() => SharedCluster.Value;

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await CreateAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    /// <summary>
    /// Stops the shared cluster if it was started, for an assembly fixture's end: stopping it only at process exit runs after
    /// the test runner returned, and xunit then waits for the process and reports foreground threads left running.
    /// </summary>
    public static async Task StopSharedAsync()
    {
        if (SharedCluster.IsValueCreated && SharedCluster.Value.IsCompletedSuccessfully) await (await SharedCluster.Value).DisposeAsync();
    }

    /// <summary>A cluster of the caller's own, for tests that stop and start it.</summary>
    public static async Task<PostgresServer> CreateAsync()
    {
        if (!IsInstalled) throw new InvalidOperationException($"the PostgreSQL server is not installed (no initdb in {BinDirectory}): apt-get install -y postgresql");
        var directory = new TestDirectory("appliance-postgres");
        var server = new PostgresServer(directory, FreePort());
        await File.WriteAllTextAsync(server.PasswordFile, Guid.NewGuid().ToString("N") + "\n");
        if (Environment.IsPrivilegedProcess)
        {
            (await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", directory.Path])).EnsureSuccess("chown");
        }
        File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        (await server.RunAsync("initdb", "-D", server.DataDirectory, "-U", User, "-A", "scram-sha-256", $"--pwfile={server.PasswordFile}",
            "--no-sync", "-E", "UTF8")).EnsureSuccess("initdb");
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    /// <summary>Starts the stopped cluster again on the same port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = $"-p {Port} -k {_directory.Path} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300";
        (await RunAsync("pg_ctl", "-D", DataDirectory, "-o", options, "-l", _directory.Combine("log"), "-w", "start")).EnsureSuccess("pg_ctl start");
    }

    /// <summary>Stops the cluster at once (connections are cut, as when the database host fails).</summary>
    public async Task StopAsync() =>
        (await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop")).EnsureSuccess("pg_ctl stop");

    /// <summary>
    /// A new empty database; the registry's connection string for it (without the password, as configured).
    /// <paramref name="options"/> are CREATE DATABASE's (e.g. a collation other than the cluster's).
    /// </summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken, string options = "")
    {
        var name = $"registry_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + $";Password={(await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim()}");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name} {options}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username={User};Database={database}";

    /// <summary>Registry arguments that put its metadata into <paramref name="connectionString"/>'s database.</summary>
    public string[] ServerArguments(string connectionString) =>
        ["--metadata:driver", "postgres", "--metadata:connectionString", connectionString, "--metadata:passwordFile", PasswordFile];

    private Task<ProcessResult> RunAsync(string tool, params string[] arguments)
    {
        var program = Path.Combine(BinDirectory, tool);
        return Environment.IsPrivilegedProcess
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments])
            : ProcessRunner.RunAsync(program, arguments);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid"))) await StopAsync();
        _directory.Dispose();
    }
}
