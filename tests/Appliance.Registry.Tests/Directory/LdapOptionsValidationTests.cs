using Appliance.Ldap;

namespace Appliance.Registry.Tests;

/// <summary>auth.ldap's start-up checks: one line per problem, naming the setting.</summary>
public sealed class LdapOptionsValidationTests
{
    private static LdapOptions Valid(string url) => new() { Url = url, UserBase = "ou=people,dc=example,dc=com" };

    [Theory]
    [InlineData("ldaps://ldap.example.com")]
    [InlineData("ldap://ldap.example.com:389")] // StartTLS, the default
    [InlineData("ldaps://[::1]:1636")]
    public void Good_settings_have_no_errors(string url) => Assert.Empty(LdapOptionsValidation.Validate(Valid(url)));

    [Theory]
    [InlineData("ldap://127.0.0.1:1389")]
    [InlineData("ldap://localhost")]
    [InlineData("ldap://[::1]")]
    public void Only_a_loopback_host_may_go_without_StartTLS(string url)
    {
        var options = Valid(url);
        options.StartTls = false;
        Assert.Empty(LdapOptionsValidation.Validate(options));
    }

    [Fact]
    public void Plain_ldap_to_another_host_without_StartTLS_is_refused()
    {
        var options = Valid("ldap://ldap.example.com");
        options.StartTls = false;

        var error = Assert.Single(LdapOptionsValidation.Validate(options));

        Assert.StartsWith("auth.ldap.startTls: ldap://ldap.example.com would carry passwords in clear text", error);
    }

    [Fact]
    public void Each_problem_is_one_line_naming_its_setting()
    {
        var options = new LdapOptions
        {
            Url = "https://ldap.example.com",
            BindDn = "cn=registry,dc=example,dc=com",
            UserFilter = "(uid=alice)",
            GroupBase = "ou=groups,dc=example,dc=com",
            NestedGroups = "deep",
            GroupRoles = new() { ["developers"] = "owner", ["ops"] = "2" },
            QueryTimeout = TimeSpan.Zero,
        };

        var errors = LdapOptionsValidation.Validate(options);

        Assert.Equal(
            [
                "auth.ldap.url", "auth.ldap.bindPasswordFile", "auth.ldap.userBase", "auth.ldap.userFilter", "auth.ldap.nestedGroups",
                "auth.ldap.groupRoles.developers", "auth.ldap.groupRoles.ops", "auth.ldap.queryTimeout",
            ],
            errors.Select(error => error[..error.IndexOf(':')]));
        Assert.All(errors, error => Assert.DoesNotContain('\n', error));
    }

    [Fact]
    public void The_CA_file_must_exist_and_hold_certificates()
    {
        using var directory = new Appliance.Testing.TestDirectory("appliance-ldap-options");
        var options = Valid("ldaps://ldap.example.com");
        options.CaFile = directory.Combine("missing.pem");
        Assert.Equal($"auth.ldap.caFile: {options.CaFile} does not exist", Assert.Single(LdapOptionsValidation.Validate(options)));

        options.CaFile = directory.Combine("key.pem");
        File.WriteAllText(options.CaFile, "not a certificate\n");
        Assert.Equal($"auth.ldap.caFile: {options.CaFile} holds no PEM certificate", Assert.Single(LdapOptionsValidation.Validate(options)));
    }

    [Fact]
    public void The_in_chain_rule_needs_a_DN_assertion_to_rewrite()
    {
        var options = Valid("ldaps://dc1.example.com");
        options.GroupBase = "dc=example,dc=com";
        options.NestedGroups = LdapOptions.AdChain;
        options.GroupFilter = "(&(objectClass=group)(member={0}))";
        Assert.Empty(LdapOptionsValidation.Validate(options));

        options.GroupFilter = "(memberUid={0}*)";
        Assert.StartsWith("auth.ldap.groupFilter: ad-chain", Assert.Single(LdapOptionsValidation.Validate(options)));
    }

    [Fact]
    public void Filters_escape_values_and_the_in_chain_rule_rewrites_DN_assertions()
    {
        Assert.Equal(@"(uid=\2a\29\28uid=\2a\29\29\28|\28uid=\2a)", LdapFilter.Format("(uid={0})", "*)(uid=*))(|(uid=*"));
        Assert.Equal(@"(member=cn=Frank \28ops\29\5c, X)", LdapFilter.Format("(member={0})", @"cn=Frank (ops)\, X"));
        Assert.Equal("(&(objectClass=group)(member:1.2.840.113556.1.4.1941:={0}))", LdapFilter.InChain("(&(objectClass=group)(member={0}))"));
    }
}
