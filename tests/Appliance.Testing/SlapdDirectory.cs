using Appliance.Certs;

namespace Appliance.Testing;

/// <summary>
/// What <see cref="SlapdServer"/> holds: a service account the registry binds as, people with known passwords, and
/// groups (groupOfNames) nested three deep: carol is in team-a, team-a in developers, developers in readers. Frank's DN
/// has parentheses and a comma, which a group filter must escape.
/// </summary>
public static class SlapdDirectory
{
    public const string BaseDn = "dc=example,dc=test";
    public const string AdminDn = "cn=admin," + BaseDn;
    public const string ServiceDn = "cn=registry,ou=services," + BaseDn;
    public const string PeopleDn = "ou=people," + BaseDn;
    public const string GroupsDn = "ou=groups," + BaseDn;
    public const string FrankDn = @"cn=Frank (contractor)\, Ops," + PeopleDn;

    /// <summary>Everyone but frank: their DNs are uid=NAME under <see cref="PeopleDn"/>.</summary>
    public static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];

    public static string UserDn(string user) => user == "frank" ? FrankDn : $"uid={user},{PeopleDn}";

    public static string GroupDn(string group) => $"cn={group},{GroupsDn}";

    public static string Password(string user) => $"{user}-directory-password";

    /// <summary>
    /// cn=config for slapadd -n 0: schemas, the mdb database in <paramref name="root"/>/data, memberof, TLS. The mdb backend
    /// is a module on Debian and built into Fedora's slapd, so it is loaded only where its module is.
    /// </summary>
    public static string Configuration(string root, CertificateFiles tls, string adminPassword, string schemas, string modules) => $$"""
        dn: cn=config
        objectClass: olcGlobal
        cn: config
        olcPidFile: {{root}}/slapd.pid
        olcTLSCACertificateFile: {{tls.CaCertificatePath}}
        olcTLSCertificateFile: {{tls.ServerCertificatePath}}
        olcTLSCertificateKeyFile: {{tls.ServerKeyPath}}

        dn: cn=module{0},cn=config
        objectClass: olcModuleList
        cn: module{0}
        olcModulePath: {{modules}}
        {{MdbModule(modules)}}olcModuleLoad: memberof

        dn: cn=schema,cn=config
        objectClass: olcSchemaConfig
        cn: schema

        include: file://{{schemas}}/core.ldif

        include: file://{{schemas}}/cosine.ldif

        include: file://{{schemas}}/inetorgperson.ldif

        dn: olcDatabase={-1}frontend,cn=config
        objectClass: olcDatabaseConfig
        objectClass: olcFrontendConfig
        olcDatabase: {-1}frontend

        dn: olcDatabase={0}config,cn=config
        objectClass: olcDatabaseConfig
        olcDatabase: {0}config

        dn: olcDatabase={1}mdb,cn=config
        objectClass: olcDatabaseConfig
        objectClass: olcMdbConfig
        olcDatabase: {1}mdb
        olcSuffix: {{BaseDn}}
        olcDbDirectory: {{root}}/data
        olcRootDN: {{AdminDn}}
        olcRootPW: {{adminPassword}}
        olcAccess: {0}to attrs=userPassword by anonymous auth by * none
        olcAccess: {1}to * by users read by * none

        dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
        objectClass: olcOverlayConfig
        objectClass: olcMemberOf
        olcOverlay: {0}memberof
        olcMemberOfGroupOC: groupOfNames
        olcMemberOfMemberAD: member
        olcMemberOfMemberOfAD: memberOf
        olcMemberOfRefInt: TRUE

        """;

    private static string MdbModule(string modules) => File.Exists(Path.Combine(modules, "back_mdb.la")) ? "olcModuleLoad: back_mdb\n" : "";

    /// <summary>The entries for slapadd (which bypasses overlays: memberOf appears once a group changes through LDAP).</summary>
    public static string Entries(string servicePassword)
    {
        var text = new System.Text.StringBuilder($"""
            dn: {BaseDn}
            objectClass: dcObject
            objectClass: organization
            dc: example
            o: Example

            dn: {PeopleDn}
            objectClass: organizationalUnit
            ou: people

            dn: {GroupsDn}
            objectClass: organizationalUnit
            ou: groups

            dn: ou=services,{BaseDn}
            objectClass: organizationalUnit
            ou: services

            dn: {ServiceDn}
            objectClass: organizationalRole
            objectClass: simpleSecurityObject
            cn: registry
            userPassword: {servicePassword}


            """);
        foreach (var user in Users) text.Append(Person(UserDn(user), user, user));
        text.Append(Person(FrankDn, "frank", "Frank (contractor), Ops"));
        text.Append(Group("registry-admins", UserDn("alice")));
        text.Append(Group("team-a", UserDn("carol")));
        text.Append(Group("developers", UserDn("bob"), GroupDn("team-a"), FrankDn));
        text.Append(Group("readers", GroupDn("developers")));
        text.Append(Group("monitoring", UserDn("erin")));
        return text.ToString();
    }

    private static string Person(string dn, string uid, string cn) => $"""
        dn: {dn}
        objectClass: inetOrgPerson
        uid: {uid}
        cn: {cn}
        sn: {uid}
        userPassword: {Password(uid)}


        """;

    private static string Group(string name, params string[] members) =>
        $"dn: {GroupDn(name)}\nobjectClass: groupOfNames\ncn: {name}\n" + string.Concat(members.Select(member => $"member: {member}\n")) + "\n";
}
