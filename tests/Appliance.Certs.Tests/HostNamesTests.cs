namespace Appliance.Certs.Tests;

public sealed class HostNamesTests
{
    [Fact]
    public void Adds_the_short_name_of_a_fully_qualified_host_after_the_given_names()
    {
        Assert.Equal(["registry.example.com", "mirror.example.com", "registry", "mirror"],
            HostNames.Expand(["registry.example.com", "mirror.example.com"]));
    }

    [Fact]
    public void Lower_cases_and_drops_duplicates_blanks_and_trailing_dots_without_shortening_ip_literals()
    {
        Assert.Equal(["registry.example.com", "registry", "10.0.0.5"],
            HostNames.Expand(["Registry.Example.COM.", " ", "REGISTRY", "10.0.0.5", "registry.example.com"]));
    }
}
