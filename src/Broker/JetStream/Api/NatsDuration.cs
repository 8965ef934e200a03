using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// A Go <c>time.Duration</c> as the JetStream API carries it: an integer count of nanoseconds. Kept as
/// nanoseconds, not a <see cref="TimeSpan"/> (100 ns ticks), so that every value a client sends comes back
/// unchanged. The default (zero) is what Go's <c>omitempty</c> leaves out.
/// </summary>
[JsonConverter(typeof(NatsDurationConverter))]
public readonly record struct NatsDuration(long Nanoseconds)
{
    public static NatsDuration Zero => default;

    public static NatsDuration FromTimeSpan(TimeSpan span) => new(span.Ticks * 100);

    public static NatsDuration FromMilliseconds(long milliseconds) => new(milliseconds * 1_000_000);

    public static NatsDuration FromSeconds(long seconds) => new(seconds * 1_000_000_000);

    /// <summary>The duration rounded down to the 100 ns ticks of a <see cref="TimeSpan"/>.</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Nanoseconds / 100);

    public bool IsZero => Nanoseconds == 0;

    public override string ToString() => $"{Nanoseconds}ns";
}

/// <summary>Reads and writes <see cref="NatsDuration"/> as a JSON integer of nanoseconds.</summary>
public sealed class NatsDurationConverter : JsonConverter<NatsDuration>
{
    public override NatsDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, NatsDuration value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Nanoseconds);
}
