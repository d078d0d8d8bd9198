namespace Appliance.Installer.Migrate;

/// <summary>
/// What a <c>podman run</c> or <c>podman pod create</c> line says about the host: the <c>-v SRC:DST[:OPTIONS]</c> mounts
/// (SRC a host directory or a named volume), the host ports of <c>-p</c>/<c>--publish [IP:]HOST:CONTAINER</c>, and the
/// images it runs (the container's, or the pod's <c>--infra-image</c>).
/// </summary>
public sealed record PodmanArguments(IReadOnlyDictionary<string, string> MountSources, IReadOnlyList<(int Host, int Container)> PublishedPorts,
    IReadOnlyList<string> Images)
{
    /// <summary>podman options that take no value; every other option without '=' takes the next word.</summary>
    private static readonly HashSet<string> Switches = ["--replace", "--rm", "-d", "--detach", "-i", "--interactive", "-t", "--tty", "--init",
        "--privileged", "--read-only", "-q", "--quiet"];

    public static PodmanArguments Parse(IReadOnlyList<string> words)
    {
        var mounts = new Dictionary<string, string>(StringComparer.Ordinal);
        var ports = new List<(int, int)>();
        var images = new List<string>();
        var positional = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (Value(words, ref i, "-v", "--volume") is { } volume)
            {
                var parts = volume.Split(':');
                if (parts.Length >= 2 && parts[0].Length > 0) mounts[parts[1].TrimEnd('/')] = parts[0];
            }
            else if (Value(words, ref i, "-p", "--publish") is { } publish)
            {
                var parts = publish.Split('/')[0].Split(':');
                if (parts.Length >= 2 && int.TryParse(parts[^2], out var host) && int.TryParse(parts[^1], out var container)) ports.Add((host, container));
            }
            else if (Value(words, ref i, "--infra-image", "--infra-image") is { } infra) images.Add(infra);
            else if (words[i].StartsWith('-'))
            {
                if (!words[i].Contains('=') && !Switches.Contains(words[i])) i++;
            }
            // podman, run (or pod, create), then the image of a run line.
            else if (++positional == 3 && words[1] == "run") images.Add(words[i]);
        }
        return new PodmanArguments(mounts, ports, images);
    }

    /// <summary>The value of an option spelled <c>-v VALUE</c>, <c>--volume VALUE</c> or <c>--volume=VALUE</c> at <paramref name="i"/>.</summary>
    private static string? Value(IReadOnlyList<string> words, ref int i, string shortName, string longName)
    {
        var word = words[i];
        if ((word == shortName || word == longName) && i + 1 < words.Count) return words[++i];
        return word.StartsWith(longName + "=", StringComparison.Ordinal) ? word[(longName.Length + 1)..] : null;
    }
}
