using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// Timestamps as Go's <c>time.Time</c> writes them in JSON (RFC 3339 with up to nine fraction digits, trailing
/// zeros dropped, <c>Z</c> for UTC): <c>2026-12-07T20:43:00.1234567Z</c>, and Go's zero time as
/// <c>0001-01-01T00:00:00Z</c> (what an empty stream's first_ts shows). A <see cref="DateTimeOffset"/> keeps
/// 100 ns, so digits beyond the seventh that nats-server sends are not kept.
/// </summary>
public sealed class GoTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("a timestamp must be a string");
        return Parse(text);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    /// <summary>Parses RFC 3339, with any number of fraction digits (beyond seven they are cut, not rounded).</summary>
    public static DateTimeOffset Parse(string text)
    {
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
        }
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    /// <summary>Formats as Go's RFC3339Nano.</summary>
    public static string Format(DateTimeOffset value)
    {
        var text = value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return value.Offset == TimeSpan.Zero ? text + "Z" : text + value.ToString("zzz", CultureInfo.InvariantCulture);
    }
}
