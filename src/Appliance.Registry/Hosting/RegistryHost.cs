using Appliance.Core.ClusterConfig;
using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Retention;
using Appliance.Core.Identity;
using Appliance.Core.Import;
using Appliance.Core.Integrity;
using Appliance.Core.Manifests;
using Appliance.Core.Migration;
using Appliance.Core.Quotas;
using Appliance.Core.Releases;
using Appliance.Core.Services;
using Appliance.Core.Upstreams;
using Appliance.Core.Audit;
using Appliance.Registry.Api;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;
using Appliance.Registry.Configuration;
using Appliance.Registry.ConsoleApi;
using Appliance.Registry.Maintenance;
using Appliance.Registry.Metrics;
using Appliance.Registry.Tls;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Appliance.Registry.Hosting;

/// <summary>Builds the registry web application from config file, environment and flags.</summary>
public static class RegistryHost
{
    public const string EnvironmentPrefix = "APPLIANCE_";

    /// <summary>Short flags for the settings people change most; any setting also works as <c>--section:key value</c>.</summary>
    private static readonly Dictionary<string, string> FlagMappings = new(StringComparer.Ordinal)
    {
        ["--config"] = "config",
        ["--listen"] = $"{ServerOptions.Section}:listen",
        ["--data"] = $"{StorageOptions.Section}:dataDirectory",
        ["--log-format"] = $"{ServerOptions.Section}:logFormat",
    };

    /// <summary>The short flags that are settings rather than options of a command.</summary>
    public static IReadOnlyCollection<string> ShortFlags => FlagMappings.Keys;

    /// <param name="clock">The registry's time (TTLs, expiries, schedules); the system's unless a test moves time itself.</param>
    public static async Task<WebApplication> BuildAsync(string[] args, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        ConfigureSources(builder.Configuration, args);

        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        builder.Services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.Section));
        builder.Services.Configure<StorageOptions>(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.Configure<RegistryOptions>(builder.Configuration.GetSection(RegistryOptions.Section));
        // "platforms: none" is one word where "platforms: [linux/amd64]" is a list; the binder only fills a list from the latter.
        if (builder.Configuration[$"{RegistryOptions.Section}:indexes:platforms"] is { } platformsWord)
        {
            builder.Services.PostConfigure<RegistryOptions>(options => options.Indexes.Platforms = [platformsWord]);
        }
        builder.Services.Configure<GarbageCollectionOptions>(builder.Configuration.GetSection(GarbageCollectionOptions.Section));
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.Section));
        builder.Services.Configure<MetricsOptions>(builder.Configuration.GetSection(MetricsOptions.Section));
        builder.Services.Configure<AuditOptions>(builder.Configuration.GetSection(AuditOptions.Section));
        builder.Services.Configure<SyncOptions>(builder.Configuration.GetSection(SyncOptions.Section));
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        var tls = builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        // The served certificate's chain is built against the system trust store, which .NET on Linux reads and parses once
        // per process (about 150 certificates, 0.1 s): read it on another core while the host is built.
        if (tls.Enabled) _ = Task.Run(SystemTrustStore.Load, cancellationToken);
        builder.Services.Configure<TlsOptions>(builder.Configuration.GetSection(TlsOptions.Section));
        builder.Services.AddSingleton<ServerCertificateProvider>();
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();

        builder.Services.AddSerilog(logging => ConfigureLogging(logging, server));
        builder.Host.UseSystemd();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Layers are gigabytes; uploads are streamed to disk, so no body size limit is needed.
            kestrel.Limits.MaxRequestBodySize = null;
            // Kestrel's default HTTP/2 windows (1 MiB, 768 KiB) cap a single layer transfer far below what a disk does.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
            // With the default 64 KiB every blob piece waits for the socket to drain before the next is read from disk.
            kestrel.Limits.MaxResponseBufferSize = 1024 * 1024;
            foreach (var endpoint in ListenAddress.ParseAll(server.Listen))
            {
                kestrel.Listen(endpoint, listen =>
                {
                    // Before TLS: the balancer writes the header in clear ahead of the client's handshake.
                    if (server.ProxyProtocol)
                    {
                        listen.UseProxyProtocol(kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Appliance.Registry.ProxyProtocol"));
                    }
                    if (!tls.Enabled)
                    {
                        listen.Protocols = HttpProtocols.Http1;
                        return;
                    }
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    var certificates = kestrel.ApplicationServices.GetRequiredService<ServerCertificateProvider>();
                    // Asked per connection, so a replaced certificate is used from the next handshake on.
                    listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                        {
                            ServerCertificateContext = certificates.Current,
                            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                        }),
                    });
                });
            }
        });

        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddRegistryServices();
        builder.Services.AddRegistryApi();
        builder.Services.AddRegistryAuth();
        builder.Services.AddDirectoryLogins(builder.Configuration);
        builder.Services.AddUpstreams(builder.Configuration);
        builder.Services.AddConsole();

        var app = builder.Build();
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseSerilogRequestLogging();
        app.Use((context, next) =>
        {
            context.Response.Headers[RegistryHeaders.ApiVersion] = "registry/2.0";
            return next(context);
        });
        app.UseMiddleware<RegistryExceptionMiddleware>();
        app.MapHealth();
        app.MapRegistryApi();
        app.MapAdmin();
        app.MapMetrics();
        app.MapConsole();

        await app.Services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<InitUserProvisioner>().EnsureAsync(cancellationToken);
        if (tls.Enabled)
        {
            var certificates = app.Services.GetRequiredService<ServerCertificateProvider>();
            var sharing = app.Services.GetService<SharedCertificateSync>();
            if (sharing is not null) await sharing.TakeSharedAsync(cancellationToken);
            certificates.Initialize();
            if (sharing is not null) await sharing.SeedAsync(cancellationToken);
            app.Lifetime.ApplicationStarted.Register(() => LogConnectionHelp(app, certificates.Files.CaCertificatePath, auth));
        }
        else app.Logger.LogWarning("TLS is disabled (tls.enabled=false): credentials and images cross the network in clear text");
        var collector = app.Services.GetRequiredService<GarbageCollector>();
        MetricsEndpoint.CountGarbageCollections(collector);
        if (!auth.Enabled)
        {
            app.Logger.LogWarning("Authentication is disabled (auth.enabled=false): anyone who can reach {Listen} can push and delete", server.Listen);
        }
        return app;
    }

    /// <summary>Tells a newcomer how to trust the CA and log in; never prints the password itself.</summary>
    private static void LogConnectionHelp(WebApplication app, string caFile, AuthOptions auth)
    {
        var registry = $"{System.Net.Dns.GetHostName()}:{new Uri(app.Urls.First()).Port}";
        var passwordFile = app.Services.GetRequiredService<InitUserProvisioner>().PasswordFile;
        app.Logger.LogInformation(
            "Trust the registry CA: sudo mkdir -p /etc/containers/certs.d/{Registry} && sudo cp {CaFile} /etc/containers/certs.d/{Registry}/ca.crt",
            registry, caFile, registry);
        if (auth.Enabled)
        {
            app.Logger.LogInformation("Log in: podman login {Registry} -u {User} --password-stdin < {PasswordFile}", registry, auth.InitUser, passwordFile);
        }
    }

    private static IServiceCollection AddRegistryServices(this IServiceCollection services) => services
        .AddSingleton<ManifestParser>()
        .AddSingleton(provider => IndexChildPolicy.Parse(provider.GetRequiredService<IOptions<RegistryOptions>>().Value.Indexes.Platforms))
        .AddSingleton<UploadHashStates>()
        .AddSingleton<BlobService>()
        .AddSingleton<UploadService>()
        .AddSingleton<StorageReserve>()
        .AddSingleton<ManifestService>()
        .AddSingleton<ListingService>()
        .AddSingleton<ReferrersService>()
        .AddSingleton<GarbageCollector>()
        .AddSingleton<AuditedGarbageCollection>()
        .AddSingleton<BlobVerifier>()
        .AddSingleton<RegistryMigration>()
        .AddSingleton<TargetVerification>()
        .AddSingleton<ContentImport>()
        .AddSingleton<OperatorCatalogs>()
        .AddHostedService<DataDirectoryLock>()
        .AddHostedService<ScheduledGarbageCollection>()
        .AddHostedService<UsageHistoryRecorder>()
        .AddSingleton<ReleaseComponents>()
        .AddSingleton<RetentionPlanner>()
        .AddSingleton<RetentionService>()
        .AddSingleton<AuditedRetention>()
        .AddHostedService<ScheduledRetention>()
        .AddSingleton<PullRecorder>()
        .AddHostedService<PullRecording>()
        .AddSingleton<AuditTrail>()
        .AddHostedService<AuditWriter>()
        .AddHostedService<AuditRetention>()
        .AddSingleton<ReleasePayloadReader>()
        .AddSingleton<ReleaseChecker>()
        .AddSingleton<ReleaseCatalog>()
        .AddSingleton<ImageCopier>()
        .AddSingleton<ReleaseMirror>()
        .AddSingleton<SyncRunner>()
        .AddSingleton<AuditedSync>()
        .AddHostedService<ScheduledSync>()
        .AddSingleton<RegistryNames>()
        .AddSingleton<ClusterConfigService>()
        .AddSingleton<QuotaCache>()
        .AddSingleton<QuotaGate>()
        .AddSingleton<QuotaService>()
        .AddSingleton<GrantCache>()
        .AddSingleton<GrantService>()
        .AddSingleton<RobotService>()
        .AddSingleton<GroupService>();

    /// <summary>The settings a host built from <paramref name="args"/> would see, without building one.</summary>
    public static IConfiguration LoadConfiguration(string[] args)
    {
        var configuration = new ConfigurationManager();
        ConfigureSources(configuration, args);
        return configuration;
    }

    /// <summary>Precedence, lowest first: YAML file, <c>APPLIANCE_*</c> environment variables, command-line flags.</summary>
    private static void ConfigureSources(ConfigurationManager configuration, string[] args)
    {
        var early = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).AddCommandLine(args, FlagMappings).Build();
        configuration.Sources.Clear();
        if (early["config"] is { Length: > 0 } configFile)
        {
            if (!File.Exists(configFile)) throw new FileNotFoundException($"config file {configFile} does not exist", configFile);
            ((IConfigurationBuilder)configuration).Add(new YamlConfigurationSource(Path.GetFullPath(configFile)));
        }
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args, FlagMappings);
        configuration.AddInMemoryCollection(SettingValues.Normalize(configuration));
    }

    private static void ConfigureLogging(LoggerConfiguration logging, ServerOptions server)
    {
        if (!Enum.TryParse<LogEventLevel>(server.LogLevel, ignoreCase: true, out var level))
        {
            throw new FormatException($"server.logLevel '{server.LogLevel}' is not one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}");
        }
        logging.MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", level < LogEventLevel.Warning ? LogEventLevel.Warning : level)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", level < LogEventLevel.Warning ? LogEventLevel.Information : level)
            .Enrich.FromLogContext();
        if (string.Equals(server.LogFormat, "json", StringComparison.OrdinalIgnoreCase)) logging.WriteTo.Console(new RenderedCompactJsonFormatter());
        else logging.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
    }
}
