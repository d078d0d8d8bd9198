using System.Text;
using System.Text.Json;
using Appliance.Core.ClusterConfig;

namespace Appliance.Registry.Cli;

/// <summary>
/// The pull secret documents the <c>users</c> and <c>robots</c> commands write: <c>{"auths":...}</c> with one registry's
/// credentials, or an existing pull secret with that entry merged in; printed, or written to a file only its owner can read.
/// </summary>
public static class PullSecretFile
{
    /// <summary>The file to merge into, read and checked before anything changes, so a wrong path or broken JSON costs no secret.</summary>
    public static async Task<byte[]?> ReadForMergeAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is null) return null;
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        PullSecretMerge.Check(bytes);
        return bytes;
    }

    public static byte[] Document(byte[]? mergeInto, string registry, string user, string password)
    {
        var entry = JsonSerializer.Serialize(new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) });
        return mergeInto is not null
            ? PullSecretMerge.Merge(mergeInto, registry, entry)
            : Encoding.UTF8.GetBytes($"{{\"auths\":{{{JsonSerializer.Serialize(registry)}:{entry}}}}}\n");
    }

    /// <summary>To standard output when <paramref name="path"/> is null, else to the file (created 0600).</summary>
    public static async Task WriteAsync(byte[] secret, string? path, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(secret, cancellationToken);
            return;
        }
        await using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        await file.WriteAsync(secret, cancellationToken);
        Console.Error.WriteLine($"wrote {path}");
    }

    /// <summary>A password or secret given on standard input (one line).</summary>
    public static string ReadSecretFromStdin() =>
        Console.In.ReadLine()?.TrimEnd('\r', '\n') is { Length: > 0 } secret
            ? secret
            : throw new ArgumentException("no password on standard input");
}
