using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Appliance.Ldap;

/// <summary>
/// The name OpenSSL looks a CA up by in a certificate directory (<c>openssl x509 -subject_hash</c>, the <c>HASH.0</c> files
/// of c_rehash): the first four bytes, little-endian, of the SHA-1 of the subject in OpenSSL's canonical form, where
/// every text value is UTF-8, lower case (ASCII letters only), without leading or trailing white space, and with each run
/// of white space made one space; the RDN sets are encoded one after another without the outer SEQUENCE.
/// </summary>
public static class OpenSslSubjectHash
{
    public static string Of(X500DistinguishedName subject)
    {
        var name = new AsnReader(subject.RawData, AsnEncodingRules.DER).ReadSequence();
        var canonical = new AsnWriter(AsnEncodingRules.DER);
        while (name.HasData)
        {
            var rdn = name.ReadSetOf();
            using (canonical.PushSetOf())
            {
                while (rdn.HasData)
                {
                    var attribute = rdn.ReadSequence();
                    using (canonical.PushSequence())
                    {
                        canonical.WriteObjectIdentifier(attribute.ReadObjectIdentifier());
                        var tag = attribute.PeekTag();
                        if (tag.TagClass == TagClass.Universal && IsText((UniversalTagNumber)tag.TagValue))
                        {
                            var text = attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue);
                            // Only ASCII bytes change, so the canonical bytes are UTF-8 still and read back unchanged.
                            canonical.WriteCharacterString(UniversalTagNumber.UTF8String, Encoding.UTF8.GetString(Canonical(Encoding.UTF8.GetBytes(text))));
                        }
                        else
                        {
                            canonical.WriteEncodedValue(attribute.ReadEncodedValue().Span);
                        }
                    }
                }
            }
        }
        var digest = SHA1.HashData(canonical.Encode());
        return BinaryPrimitives.ReadUInt32LittleEndian(digest).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsText(UniversalTagNumber tag) => tag is UniversalTagNumber.UTF8String or UniversalTagNumber.BMPString
        or UniversalTagNumber.UniversalString or UniversalTagNumber.PrintableString or UniversalTagNumber.T61String
        or UniversalTagNumber.IA5String or UniversalTagNumber.VisibleString;

    private static byte[] Canonical(byte[] utf8)
    {
        var start = 0;
        var end = utf8.Length;
        while (start < end && IsSpace(utf8[start])) start++;
        while (end > start && IsSpace(utf8[end - 1])) end--;
        var result = new List<byte>(end - start);
        for (var i = start; i < end; i++)
        {
            if (IsSpace(utf8[i]))
            {
                result.Add((byte)' ');
                while (i + 1 < end && IsSpace(utf8[i + 1])) i++;
            }
            else
            {
                result.Add(utf8[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(utf8[i] + 32) : utf8[i]);
            }
        }
        return [.. result];
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

}
