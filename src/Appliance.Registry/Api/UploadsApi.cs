using Appliance.Core.Auth;
using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Names;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Appliance.Registry.Auth;

namespace Appliance.Registry.Api;

/// <summary><c>/v2/&lt;name&gt;/blobs/uploads/[&lt;id&gt;]</c>: sessions, chunks, completion, mounts.</summary>
public sealed class UploadsApi(UploadService uploads, BlobService blobs)
{
    /// <summary>POST: a cross-repository mount, a monolithic upload, or a new session.</summary>
    public async Task StartAsync(HttpContext context, RepositoryName repository)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        if (RequestValues.OptionalQuery(request, "mount") is { } mountText)
        {
            var digest = RequestValues.RequireDigest(mountText);
            if (RequestValues.OptionalQuery(request, "from") is { } fromText
                && RepositoryName.TryParse(fromText, out var source)
                && context.Features.Get<RegistryCaller>()?.Can(source.Value, RegistryAction.Pull) == true
                && await blobs.MountAsync(repository, digest, source, cancellationToken))
            {
                BlobCreated(context, repository, digest);
                return;
            }
            // Not mountable (or the caller may not read the source): the spec says to fall back to an upload session.
        }
        else if (RequestValues.OptionalQuery(request, "digest") is { } digestText)
        {
            var digest = RequestValues.RequireDigest(digestText);
            BlobCreated(context, repository, await uploads.UploadMonolithicAsync(repository, digest, request.Body, cancellationToken));
            return;
        }

        var status = await uploads.StartAsync(repository, cancellationToken);
        WriteStatus(context, status, StatusCodes.Status202Accepted);
    }

    public async Task PatchAsync(HttpContext context, RepositoryName repository, string idText)
    {
        var request = context.Request;
        ContentRange? range = null;
        var rangeHeader = request.Headers.ContentRange.ToString();
        if (rangeHeader.Length > 0)
        {
            if (!ContentRange.TryParse(rangeHeader, out var parsed))
            {
                throw new RegistryException(OciErrorCode.RangeInvalid, $"Content-Range '{rangeHeader}' is not 'start-end'");
            }
            range = parsed;
        }
        var status = await uploads.AppendAsync(repository, RequireId(idText), request.Body, range, request.ContentLength, context.RequestAborted);
        if (status.OutOfOrder)
        {
            WriteStatus(context, status, StatusCodes.Status416RangeNotSatisfiable);
            await OciError.WriteAsync(context, OciErrorCode.RangeInvalid,
                $"chunk starts at {range!.Value.Start} but the upload has {status.Length} bytes; resume from there");
            return;
        }
        WriteStatus(context, status, StatusCodes.Status202Accepted);
    }

    public async Task PutAsync(HttpContext context, RepositoryName repository, string idText)
    {
        var request = context.Request;
        var id = RequireId(idText);
        var digest = RequestValues.RequireDigest(RequestValues.OptionalQuery(request, "digest"));
        var body = RequestValues.HasBody(request) ? request.Body : null;
        BlobCreated(context, repository, await uploads.CompleteAsync(repository, id, digest, body, context.RequestAborted));
    }

    public async Task GetStatusAsync(HttpContext context, RepositoryName repository, string idText)
    {
        var status = await uploads.GetStatusAsync(repository, RequireId(idText), context.RequestAborted);
        WriteStatus(context, status, StatusCodes.Status204NoContent);
    }

    public async Task CancelAsync(HttpContext context, RepositoryName repository, string idText)
    {
        await uploads.CancelAsync(repository, RequireId(idText), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static UploadId RequireId(string text) =>
        UploadId.TryParse(text, out var id)
            ? id
            : throw new RegistryException(OciErrorCode.BlobUploadUnknown, $"upload {text} is unknown");

    private static void WriteStatus(HttpContext context, UploadStatus status, int statusCode)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.Headers.Location = $"/v2/{status.Repository}/blobs/uploads/{status.Id}";
        response.Headers.Range = RegistryHeaders.UploadRange(status.Length);
        response.Headers[RegistryHeaders.UploadUuid] = status.Id.Value;
        if (statusCode != StatusCodes.Status416RangeNotSatisfiable) response.ContentLength = 0;
    }

    private static void BlobCreated(HttpContext context, RepositoryName repository, Digest digest)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{repository}/blobs/{digest}";
        response.Headers[RegistryHeaders.ContentDigest] = digest.ToString();
        response.ContentLength = 0;
    }
}
