using System.Text;
using System.Text.Json;

namespace WebBroker.Broker.Security.Jwt;

/// <summary>
/// NATS JWTs: <c>header.claims.signature</c>, each part base64url without padding. The header is
/// <c>{"typ":"JWT","alg":"ed25519-nkey"}</c> (or the older <c>"alg":"ed25519"</c>); the signature is
/// Ed25519 by the NKey named in the claims' <c>iss</c>. As in nats-io/jwt, which nats-server uses, the claims
/// decide the version: a <c>type</c> at their top level marks a version 1 token, signed over the claims part
/// alone; a version 2 token (<c>nats.type</c>) is signed over header and claims.
/// </summary>
public static class JwtCodec
{
    /// <summary>The claims of a well-formed token whose signature verifies against its issuer; null otherwise.
    /// Decoding never throws, whatever the input.</summary>
    public static JsonElement? DecodeVerified(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1 << 20) return null;
        var first = token.IndexOf('.');
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0) return null;
        try
        {
            using var header = JsonDocument.Parse(Base64Url(token.AsSpan(0, first)));
            if (header.RootElement.ValueKind != JsonValueKind.Object) return null;
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String
                || !(string.Equals(alg.GetString(), "ed25519-nkey", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(alg.GetString(), "ed25519", StringComparison.OrdinalIgnoreCase))) return null;
            // nats-io/jwt requires the type, in any case ("jwt" in version 1 tokens).
            if (!header.RootElement.TryGetProperty("typ", out var typ)
                || typ.ValueKind != JsonValueKind.String || !string.Equals(typ.GetString(), "JWT", StringComparison.OrdinalIgnoreCase)) return null;
            var claims = JsonDocument.Parse(Base64Url(token.AsSpan(first + 1, second - first - 1))).RootElement.Clone();
            if (claims.ValueKind != JsonValueKind.Object) return null;
            if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String) return null;
            var signature = Base64Url(token.AsSpan(second + 1));
            if (!TryIssuerKey(iss.GetString()!, out var key)) return null;
            // nats-io/jwt refuses tokens of a version newer than it knows (2).
            if (claims.Obj("nats").Long("version", 0) > 2) return null;
            var signed = NatsClaims.IsVersion1(claims)
                ? Encoding.ASCII.GetBytes(token, first + 1, second - first - 1)
                : Encoding.ASCII.GetBytes(token, 0, second);
            return Ed25519.Verify(key, signed, signature) ? claims : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Issuers are operators, accounts (their identity or signing keys); never users or servers.</summary>
    private static bool TryIssuerKey(string issuer, out byte[] key) =>
        NKeyEncoding.TryDecodePublicKey(issuer, NKeyEncoding.PrefixOperator, out key)
        || NKeyEncoding.TryDecodePublicKey(issuer, NKeyEncoding.PrefixAccount, out key);

    /// <summary>base64url without padding (standard base64 tolerated), as the JWT libraries write it.</summary>
    internal static byte[] Base64Url(ReadOnlySpan<char> text)
    {
        var s = new StringBuilder(text.Length + 3);
        foreach (var c in text) s.Append(c switch { '-' => '+', '_' => '/', _ => c });
        while (s.Length % 4 != 0) s.Append('=');
        return Convert.FromBase64String(s.ToString());
    }

    /// <summary>A credentials file (<c>.creds</c>) or decorated JWT file: the first JWT between
    /// <c>-----BEGIN ... JWT-----</c> markers, or the text itself when it has none.</summary>
    public static string Undecorate(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("-----BEGIN", StringComparison.Ordinal) || !lines[i].Contains("JWT", StringComparison.Ordinal)) continue;
            for (var j = i + 1; j < lines.Count; j++)
                if (lines[j].Length > 0 && !lines[j].StartsWith("---", StringComparison.Ordinal)) return lines[j];
        }
        return text.Trim();
    }
}
