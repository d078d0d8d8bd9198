namespace Appliance.Clients.Tests;

/// <summary>
/// A registry's CA in /etc/docker/certs.d/HOST:PORT/ca.crt, the one place dockerd looks for it (no flag moves it), as a
/// user installs it. The port is the test's own, so no other registry's trust changes; dispose removes the file and
/// every directory this created.
/// </summary>
public sealed class DockerCertificateTrust : IDisposable
{
    private const string CertsDirectory = "/etc/docker/certs.d";
    private readonly string _certificate;
    private readonly List<string> _created = [];

    public DockerCertificateTrust(string registry, string caFile)
    {
        var directory = Path.Combine(CertsDirectory, registry);
        for (var missing = directory; !Directory.Exists(missing); missing = Path.GetDirectoryName(missing)!) _created.Add(missing);
        Directory.CreateDirectory(directory);
        _certificate = Path.Combine(directory, "ca.crt");
        File.Copy(caFile, _certificate);
    }

    public void Dispose()
    {
        File.Delete(_certificate);
        foreach (var directory in _created)
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                // Not empty: another registry's CA is trusted there too.
            }
        }
    }
}
