using System.Security.Cryptography;

namespace Appliance.Certs;

/// <summary>One RFC 7468 block of a PEM file: its label, its exact text and its decoded bytes.</summary>
internal sealed record PemBlock(string Label, string Text, byte[] Data)
{
    public static List<PemBlock> ReadAll(string pem)
    {
        var blocks = new List<PemBlock>();
        var offset = 0;
        while (PemEncoding.TryFind(pem.AsSpan(offset), out var fields))
        {
            // The ranges in fields are relative to the span that was searched.
            var remaining = pem.AsSpan(offset);
            blocks.Add(new PemBlock(
                remaining[fields.Label].ToString(),
                remaining[fields.Location].ToString(),
                Convert.FromBase64String(remaining[fields.Base64Data].ToString())));
            offset += fields.Location.End.Value;
        }

        return blocks;
    }
}
