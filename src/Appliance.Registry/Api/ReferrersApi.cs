using System.Text.Json;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Services;

namespace Appliance.Registry.Api;

/// <summary><c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;[?artifactType=]</c>: always an OCI index, empty when nothing refers.</summary>
public sealed class ReferrersApi(ReferrersService referrers)
{
    public async Task ListAsync(HttpContext context, RepositoryName repository, string digestText)
    {
        var subject = RequestValues.RequireDigest(digestText);
        var artifactType = RequestValues.OptionalQuery(context.Request, "artifactType");
        var found = await referrers.ListAsync(repository, subject, artifactType, context.RequestAborted);

        var response = context.Response;
        response.ContentType = MediaTypes.OciIndex;
        if (artifactType is not null) response.Headers[RegistryHeaders.OciFiltersApplied] = "artifactType";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", 2);
        json.WriteString("mediaType", MediaTypes.OciIndex);
        json.WriteStartArray("manifests");
        foreach (var referrer in found)
        {
            json.WriteStartObject();
            json.WriteString("mediaType", referrer.MediaType);
            json.WriteString("digest", referrer.Digest.ToString());
            json.WriteNumber("size", referrer.Size);
            if (referrer.ArtifactType is not null) json.WriteString("artifactType", referrer.ArtifactType);
            if (referrer.AnnotationsJson is not null)
            {
                json.WritePropertyName("annotations");
                json.WriteRawValue(referrer.AnnotationsJson, skipInputValidation: true);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
