using System.Net;
using System.Net.Http.Headers;
using Appliance.Testing;

namespace Appliance.ScaleOut.Tests;

public sealed class ChunkedUploadTests : ScaleOutTest
{
    [Fact]
    public async Task A_chunked_upload_whose_requests_alternate_replicas_publishes_the_right_blob()
    {
        var blob = TestImages.Layer(7 * 1024 * 1024 + 13, 300);
        var clients = Enumerable.Range(0, 3).Select(Cluster.CreateClient).ToArray();
        try
        {
            using var start = await clients[0].PostAsync("/v2/team/chunked/blobs/uploads/", null, Cancel);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var location = start.Headers.Location!.OriginalString;

            int[] cuts = [0, 3 * 1024 * 1024 + 1, 5 * 1024 * 1024 + 7, blob.Content.Length];
            for (var chunk = 0; chunk < cuts.Length - 1; chunk++)
            {
                using var body = new ByteArrayContent(blob.Content, cuts[chunk], cuts[chunk + 1] - cuts[chunk]);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                body.Headers.TryAddWithoutValidation("Content-Range", $"{cuts[chunk]}-{cuts[chunk + 1] - 1}");
                using var patch = await clients[(chunk + 1) % 3].PatchAsync(location, body, Cancel);
                Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
                location = patch.Headers.Location!.OriginalString;
            }
            using var put = await clients[1].PutAsync($"{location}{(location.Contains('?') ? '&' : '?')}digest={blob.Digest}", null, Cancel);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);

            foreach (var client in clients) Assert.Equal(blob.Content, await client.GetByteArrayAsync($"/v2/team/chunked/blobs/{blob.Digest}", Cancel));
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
