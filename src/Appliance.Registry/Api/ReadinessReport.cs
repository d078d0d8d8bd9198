using System.Text.Json.Serialization;
using Appliance.Certs;

namespace Appliance.Registry.Api;

/// <summary>
/// What <c>/health/ready</c> answers: ready with the served certificate, or unavailable with the reason. With a directory
/// configured, <see cref="Directory"/> says whether it answers: a directory that is down leaves the registry ready (local
/// users and robots keep working) but is reported here.
/// </summary>
public sealed record ReadinessReport(
    string Status,
    ReadinessCertificate? Certificate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Directory = null)
{
    public static ReadinessReport Ready(CertificateInfo? certificate) => new("ready", certificate is null ? null : new ReadinessCertificate(
        certificate.SerialNumber, certificate.NotAfter, certificate.DaysUntilExpiry, certificate.DnsNames,
        certificate.IPAddresses.Select(a => a.ToString()).ToArray()));

    public static ReadinessReport Unavailable(string reason) => new("unavailable", null, reason);
}

public sealed record ReadinessCertificate(string Serial, DateTimeOffset NotAfter, int DaysUntilExpiry, IReadOnlyList<string> Names,
    IReadOnlyList<string> Addresses);

/// <summary>
/// Compile-time JSON for the readiness answer: health checks are often the only requests an idle registry sees, and the
/// reflection serializer would JIT-compile and keep a converter for every primitive type on the first one.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class ReadinessJsonContext : JsonSerializerContext;
