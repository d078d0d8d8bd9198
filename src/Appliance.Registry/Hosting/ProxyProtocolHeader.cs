using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Appliance.Registry.Hosting;

/// <summary>
/// The PROXY protocol header (versions 1 and 2, as HAProxy's <c>send-proxy</c> and <c>send-proxy-v2</c> write it) that a
/// TCP load balancer puts before the client's first byte: the client's own address, which the registry then uses
/// instead of the balancer's. Only the source address is read; version 2's TLVs are skipped.
/// </summary>
internal static class ProxyProtocolHeader
{
    public enum Status { Incomplete, Invalid, Complete }

    private const int V1MaxLength = 107;
    private const int V2FixedLength = 16;

    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static ReadOnlySpan<byte> V1Signature => "PROXY "u8;

    /// <param name="length">The header's length in bytes once complete: what to consume before the client's bytes.</param>
    /// <param name="source">The client's address; null for a connection the balancer makes itself (a health check) or
    /// one whose address it does not know, which keep the balancer's own.</param>
    public static Status Parse(ReadOnlySequence<byte> buffer, out long length, out IPEndPoint? source)
    {
        length = 0;
        source = null;
        Span<byte> start = stackalloc byte[V2FixedLength];
        var head = start[..(int)Math.Min(buffer.Length, V2FixedLength)];
        buffer.Slice(0, head.Length).CopyTo(head);
        if (StartsAlike(head, V2Signature))
        {
            return head.Length < V2FixedLength ? Status.Incomplete : ParseV2(buffer, head, out length, out source);
        }
        return StartsAlike(head, V1Signature) ? ParseV1(buffer, out length, out source) : Status.Invalid;
    }

    /// <summary>Whether the bytes read so far agree with <paramref name="signature"/> as far as both go.</summary>
    private static bool StartsAlike(ReadOnlySpan<byte> head, ReadOnlySpan<byte> signature)
    {
        var common = Math.Min(head.Length, signature.Length);
        return head[..common].SequenceEqual(signature[..common]);
    }

    private static Status ParseV2(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> head, out long length, out IPEndPoint? source)
    {
        source = null;
        length = V2FixedLength + BinaryPrimitives.ReadUInt16BigEndian(head[14..]);
        var (version, command, family) = (head[12] >> 4, head[12] & 0x0F, head[13] >> 4);
        if (version != 2 || command > 1) return Status.Invalid;
        if (buffer.Length < length) return Status.Incomplete;
        // LOCAL (0): the balancer's own connection, e.g. its health check. UNSPEC or UNIX families carry no IP address.
        if (command == 0 || family is not (1 or 2)) return Status.Complete;
        var addressBytes = family == 1 ? 4 : 16;
        if (length < V2FixedLength + 2 * addressBytes + 4) return Status.Invalid;
        Span<byte> addresses = stackalloc byte[2 * addressBytes + 4];
        buffer.Slice(V2FixedLength, addresses.Length).CopyTo(addresses);
        source = new IPEndPoint(new IPAddress(addresses[..addressBytes]), BinaryPrimitives.ReadUInt16BigEndian(addresses[(2 * addressBytes)..]));
        return Status.Complete;
    }

    /// <summary><c>PROXY TCP4|TCP6 source destination source-port destination-port\r\n</c>, or <c>PROXY UNKNOWN ...\r\n</c>.</summary>
    private static Status ParseV1(ReadOnlySequence<byte> buffer, out long length, out IPEndPoint? source)
    {
        length = 0;
        source = null;
        var reader = new SequenceReader<byte>(buffer.Slice(0, Math.Min(buffer.Length, V1MaxLength)));
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
        {
            return buffer.Length >= V1MaxLength ? Status.Invalid : Status.Incomplete;
        }
        length = reader.Consumed;
        var fields = Encoding.ASCII.GetString(line).Split(' ');
        if (fields.Length >= 2 && fields[1] == "UNKNOWN") return Status.Complete;
        if (fields.Length != 6 || fields[1] is not ("TCP4" or "TCP6") || !IPAddress.TryParse(fields[2], out var address)
            || !ushort.TryParse(fields[4], System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            return Status.Invalid;
        }
        source = new IPEndPoint(address, port);
        return Status.Complete;
    }
}
