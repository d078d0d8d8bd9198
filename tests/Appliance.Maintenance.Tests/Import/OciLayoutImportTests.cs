using Appliance.Testing;
using static Appliance.Maintenance.Tests.Import.ImportedRegistry;

namespace Appliance.Maintenance.Tests.Import;

/// <summary><c>import oci-layout</c> of a layout skopeo wrote: a multi-arch index and a single image, each under its tag.</summary>
public sealed class OciLayoutImportTests
{
    [Fact]
    public async Task An_oci_layout_written_by_skopeo_is_imported_into_one_repository_with_its_tags()
    {
        using var work = new TestDirectory("import-oci-layout");
        var index = DistributionContent.Index;
        var single = DistributionContent.Tagged;
        OciLayout.Write(work.Combine("index"), "1.0", index);
        OciLayout.Write(work.Combine("single"), "v1", single);
        var layout = work.Combine("layout");
        (await ProcessRunner.RunAsync("skopeo", ["copy", "--all", "--preserve-digests", $"oci:{work.Combine("index")}:1.0", $"oci:{layout}:1.0"])).EnsureSuccess("skopeo copy");
        (await ProcessRunner.RunAsync("skopeo", ["copy", "--preserve-digests", $"oci:{work.Combine("single")}:v1", $"oci:{layout}:v1"])).EnsureSuccess("skopeo copy");
        using var target = await ImportTarget.CreateAsync();
        await using var registry = await target.StartAsync();

        var import = await target.ImportAsync("oci-layout", layout, "--repository", "team/layout");
        Assert.True(import.ExitCode == 0, import.All);

        await AssertServesAsync(registry,
        [
            new ExpectedImage("team/layout", index.Digest, "1.0"),
            .. index.Images.Select(i => new ExpectedImage("team/layout", i.Digest)),
            new ExpectedImage("team/layout", single.Digest, "v1"),
        ]);
        await target.AssertVerifiesCleanAsync();
    }
}
