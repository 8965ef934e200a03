using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace WebBroker.Broker.Security;

/// <summary>
/// verify_and_map: which configured user a client certificate names. As nats-server, tried in order: the
/// certificate's e-mail addresses, its DNS names, its URIs, then its subject distinguished name, which may
/// be written in any order of its parts (<c>CN=alice, O=Acme</c> equals <c>O=Acme,CN=alice</c>).
/// </summary>
public static class CertificateIdentity
{
    public static T? Match<T>(X509Certificate2 certificate, IEnumerable<T> users, Func<T, string> name) where T : class
    {
        var list = users.ToList();
        foreach (var candidate in AlternativeNames(certificate))
            if (list.FirstOrDefault(u => name(u) == candidate) is { } byName) return byName;
        var subject = Rdns(certificate.SubjectName.Name);
        if (subject.Count == 0) return null;
        return list.FirstOrDefault(u => name(u).Contains('=') && Rdns(name(u)).SetEquals(subject));
    }

    /// <summary>The subject alternative names: e-mail addresses first, then DNS names, then URIs.</summary>
    private static IEnumerable<string> AlternativeNames(X509Certificate2 certificate)
    {
        var ext = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (ext is null) return [];
        var emails = new List<string>();
        var uris = new List<string>();
        try
        {
            var reader = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadSequence();
            while (reader.HasData)
            {
                var tag = reader.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific) { reader.ReadEncodedValue(); continue; }
                switch (tag.TagValue)
                {
                    case 1: emails.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, tag)); break;
                    case 6: uris.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, tag)); break;
                    default: reader.ReadEncodedValue(); break;
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }
        return [.. emails, .. ext.EnumerateDnsNames(), .. uris];
    }

    /// <summary>A distinguished name as a set of "TYPE=value" parts, types compared without case.</summary>
    private static HashSet<string> Rdns(string dn) =>
        dn.Split([',', '+'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2) is [var type, var value] ? $"{type.Trim().ToUpperInvariant()}={value.Trim()}" : part)
            .ToHashSet(StringComparer.Ordinal);
}
