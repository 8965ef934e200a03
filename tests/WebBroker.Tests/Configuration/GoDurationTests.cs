using WebBroker.Broker.Configuration;

namespace WebBroker.Tests.Configuration;

public class GoDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("10s", 10 * TimeSpan.TicksPerSecond)]
    [InlineData("2m", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1h30m", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("1.5s", 15 * TimeSpan.TicksPerSecond / 10)]
    [InlineData(".5s", 5 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("500ms", 5 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("250us", 2_500L)]
    [InlineData("250µs", 2_500L)]
    [InlineData("250μs", 2_500L)]
    [InlineData("1500ns", 15L)]
    [InlineData("-2m", -2 * TimeSpan.TicksPerMinute)]
    [InlineData("+1h", TimeSpan.TicksPerHour)]
    [InlineData("-0", 0L)]
    [InlineData("1.s", TimeSpan.TicksPerSecond)]
    [InlineData("0.00000001s", 0L)]
    [InlineData("2562047h", 2562047 * TimeSpan.TicksPerHour)]
    [InlineData("1h2m3s4ms", TimeSpan.TicksPerHour + (2 * TimeSpan.TicksPerMinute) + (3 * TimeSpan.TicksPerSecond) + (4 * TimeSpan.TicksPerMillisecond))]
    public void Reads_what_go_time_ParseDuration_reads(string text, long ticks)
    {
        Assert.True(GoDuration.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromTicks(ticks), duration);
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("10 seconds", "time: unknown unit \" seconds\" in duration \"10 seconds\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData("2562048h", "time: invalid duration \"2562048h\"")]
    [InlineData("1h-2m", "time: unknown unit \"h-\" in duration \"1h-2m\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("3000000h", "time: invalid duration \"3000000h\"")]
    public void Refuses_what_go_refuses_with_its_words(string text, string expected)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Config_values_read_durations_from_strings()
    {
        var root = Fixture.Parse("a = \"1m30s\"\nb = 10s\nc = 10");
        Assert.Equal(TimeSpan.FromSeconds(90), root["a"].AsDuration());
        Assert.Equal(TimeSpan.FromSeconds(10), root["b"].AsDuration());
        var error = Assert.Throws<ConfigException>(() => root["c"].AsDuration());
        Assert.Equal("test.conf:3:5: expected a string, got integer 10", error.Message);
    }
}
