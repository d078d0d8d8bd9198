using Appliance.Core.Identity;
using Appliance.Ldap;

namespace Appliance.Registry.Hosting;

/// <summary>Directory logins, when <c>auth.ldap.url</c> is set: its settings checked at start, one clear line for the first problem.</summary>
public static class DirectoryRegistration
{
    public static IServiceCollection AddDirectoryLogins(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(LdapOptions.Section).Get<LdapOptions>();
        if (options is not { Enabled: true }) return services;
        if (LdapOptionsValidation.Validate(options) is [var first, ..]) throw new FormatException(first);
        return services.AddSingleton(options)
            .AddSingleton<IDirectory>(_ => new LdapDirectory(options))
            .AddSingleton(options.LoginPolicy())
            .AddSingleton<DirectoryLogin>();
    }
}
