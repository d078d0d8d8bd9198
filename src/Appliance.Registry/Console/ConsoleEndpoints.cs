using Appliance.Core.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>The console: its JSON API under <c>/api/v1/</c> and its pages at <c>/</c>.</summary>
public static class ConsoleEndpoints
{
    public static IServiceCollection AddConsole(this IServiceCollection services) => services
        .AddSingleton<ConsoleSessions>()
        .AddSingleton<ConsoleGuard>()
        .AddSingleton<VerificationHistory>();

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        // The guard is a singleton called through a delegate: AddEndpointFilter<T>() would build an activator with expression
        // trees at start-up, mapping System.Linq.Expressions and JIT-compiling code the idle registry never needs.
        var guard = endpoints.ServiceProvider.GetRequiredService<ConsoleGuard>();
        var api = endpoints.MapGroup("/api/v1").AddEndpointFilter(guard.InvokeAsync);
        api.MapGet("/session", SessionApi.GetAsync);
        api.MapPost("/session", SessionApi.LoginAsync);
        api.MapDelete("/session", SessionApi.Logout);

        api.MapGet("/overview", OverviewApi.GetAsync).Needs(Role.Pull);
        api.MapGet("/usage", UsageApi.GetAsync).Needs(Role.Pull);
        api.MapGet("/namespaces/{name}", NamespaceApi.GetAsync).Needs(Role.Pull);
        api.MapGet("/releases", ReleasesApi.ListAsync).Needs(Role.Pull);
        api.MapGet("/repositories", RepositoriesApi.ListAsync).Needs(Role.Pull);
        api.MapGet("/repository", RepositoriesApi.GetAsync).Needs(Role.Pull);
        api.MapGet("/manifest", ManifestApi.GetAsync).Needs(Role.Pull);
        // Who may delete where is the access decision's (a namespace's push grant), checked by the handlers.
        api.MapDelete("/tag", RepositoriesApi.DeleteTagAsync).Needs(Role.Pull);
        api.MapDelete("/manifest", RepositoriesApi.DeleteManifestAsync).Needs(Role.Pull);

        api.MapGet("/users", UsersApi.ListAsync).Needs(Role.Admin);
        api.MapPost("/users", UsersApi.AddAsync).Needs(Role.Admin);
        api.MapPut("/users/{name}/role", UsersApi.SetRoleAsync).Needs(Role.Admin);
        api.MapPost("/users/{name}/password", UsersApi.ResetPasswordAsync).Needs(Role.Admin);
        api.MapPost("/users/{name}/pull-secret", UsersApi.PullSecretAsync).Needs(Role.Admin);
        api.MapDelete("/users/{name}", UsersApi.DeleteAsync).Needs(Role.Admin);

        // Namespace admins too: the handlers show and change only what their namespaces own (ManagedNamespaces).
        api.MapGet("/grants", GrantsApi.ListAsync).Needs(Role.Pull);
        api.MapPost("/grants", GrantsApi.SetAsync).Needs(Role.Pull);
        api.MapDelete("/grants", GrantsApi.RemoveAsync).Needs(Role.Pull);
        api.MapGet("/quotas", QuotasApi.ListAsync).Needs(Role.Pull);
        api.MapGet("/quotas/" + QuotasApi.DefaultSegment, QuotasApi.GetDefaultAsync).Needs(Role.Admin);
        api.MapPut("/quotas/{namespace}", QuotasApi.SetAsync).Needs(Role.Admin);
        api.MapDelete("/quotas/{namespace}", QuotasApi.ClearAsync).Needs(Role.Admin);
        api.MapGet("/robots", RobotsApi.ListAsync).Needs(Role.Pull);
        api.MapPost("/robots", RobotsApi.AddAsync).Needs(Role.Pull);
        api.MapPost("/robots/{name}/rotate", RobotsApi.RotateAsync).Needs(Role.Pull);
        api.MapDelete("/robots/{name}", RobotsApi.DeleteAsync).Needs(Role.Pull);

        api.MapGet("/groups", GroupsApi.ListAsync).Needs(Role.Admin);
        api.MapPost("/groups", GroupsApi.AddAsync).Needs(Role.Admin);
        api.MapDelete("/groups/{name}", GroupsApi.DeleteAsync).Needs(Role.Admin);
        api.MapPost("/groups/{name}/members", GroupsApi.AddMemberAsync).Needs(Role.Admin);
        api.MapDelete("/groups/{name}/members/{user}", GroupsApi.RemoveMemberAsync).Needs(Role.Admin);

        api.MapPost("/maintenance/gc", MaintenanceApi.RunGcAsync).Needs(Role.Admin);
        api.MapGet("/maintenance/gc", MaintenanceApi.GcHistoryAsync).Needs(Role.Admin);
        api.MapPost("/maintenance/verify", MaintenanceApi.VerifyAsync).Needs(Role.Admin);
        api.MapGet("/maintenance/uploads", MaintenanceApi.UploadsAsync).Needs(Role.Admin);
        api.MapGet("/audit", MaintenanceApi.AuditAsync).Needs(Role.Admin);
        api.MapGet("/retention", RetentionApi.ListAsync).Needs(Role.Pull);
        api.MapPut("/retention", RetentionApi.SetAsync).Needs(Role.Pull);
        api.MapDelete("/retention", RetentionApi.ClearAsync).Needs(Role.Pull);
        api.MapPost("/retention/dry-run", RetentionApi.DryRunAsync).Needs(Role.Pull);
        api.MapPost("/retention/run", RetentionApi.RunAsync).Needs(Role.Pull);
        api.MapPost("/releases/mirror", UpstreamSyncApi.MirrorAsync).Needs(Role.Admin);
        api.MapGet("/sync/jobs", UpstreamSyncApi.JobsAsync).Needs(Role.Admin);
        api.MapGet("/upstreams", UpstreamsApi.GetAsync).Needs(Role.Admin);
        // These two authorize as the registry API does (Basic, bearer token, or this console's session for a GET), so scripts
        // can call them too.
        api.MapReleaseCheck();
        api.MapClusterConfig();

        ConsoleSite.Map(endpoints);
        return endpoints;
    }

    private static RouteHandlerBuilder Needs(this RouteHandlerBuilder endpoint, Role role) => endpoint.WithMetadata(new ConsoleRoleRequirement(role));
}
