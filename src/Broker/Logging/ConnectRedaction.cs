using System.Text;
using System.Text.Json;

namespace WebBroker.Broker.Logging;

/// <summary>
/// Hides CONNECT's credentials in protocol traces. It never throws: the trace line is written before the
/// operation is handled, so an exception here would cost the client its answer. It never lets a secret
/// through: every occurrence of a secret field is hidden, at any depth, whatever its value (duplicate keys
/// included), and input it cannot read whole (invalid JSON, trailing data, too deep) is hidden whole.
/// </summary>
internal static class ConnectRedaction
{
    private const string Hidden = "[REDACTED]";
    private static readonly byte[] HiddenValue = "\"[REDACTED]\""u8.ToArray();
    private static readonly string[] SecretFields = ["pass", "auth_token", "sig", "jwt"];

    /// <summary>The CONNECT line (verb and JSON) as it may be logged.</summary>
    public static string Redact(ReadOnlySpan<byte> line)
    {
        var brace = line.IndexOf((byte)'{');
        if (brace < 0) return Encoding.UTF8.GetString(line);
        var prefix = Encoding.UTF8.GetString(line[..brace]);
        try
        {
            return prefix + RedactJson(line[brace..]);
        }
        catch (Exception)
        {
            // Whatever went wrong (malformed JSON, invalid UTF-8 in a name, nesting too deep), show nothing of it.
            return prefix + Hidden;
        }
    }

    /// <summary>The JSON text unchanged except for each secret field's value; throws on anything it cannot read.</summary>
    private static string RedactJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var output = new List<byte>(json.Length);
        var copied = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || !IsSecret(reader.GetString()!)) continue;
            if (!reader.Read()) throw new JsonException("no value");
            var start = checked((int)reader.TokenStartIndex);
            reader.Skip(); // an object or array value: to its end
            output.AddRange(json[copied..start]);
            output.AddRange(HiddenValue);
            copied = checked((int)reader.BytesConsumed);
        }
        output.AddRange(json[copied..]);
        return Encoding.UTF8.GetString([.. output]);
    }

    /// <summary>Field names compare as Go's encoding/json matches them to CONNECT's fields: ignoring case,
    /// with Unicode's folds (the Kelvin sign is a k, the long s an s), after unescaping.</summary>
    private static bool IsSecret(string name)
    {
        foreach (var field in SecretFields)
        {
            if (field.Length != name.Length) continue;
            var same = true;
            for (var i = 0; i < name.Length && same; i++) same = Fold(name[i]) == field[i];
            if (same) return true;
        }
        return false;
    }

    private static char Fold(char c) => c switch
    {
        '\u017F' => 's',
        '\u212A' => 'k',
        _ => char.ToLowerInvariant(c),
    };
}
