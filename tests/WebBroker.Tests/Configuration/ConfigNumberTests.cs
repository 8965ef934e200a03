using WebBroker.Broker.Configuration;

namespace WebBroker.Tests.Configuration;

public class ConfigNumberTests
{
    [Theory]
    [InlineData("1k", 1_000L)]
    [InlineData("1K", 1_000L)]
    [InlineData("1kb", 1_024L)]
    [InlineData("1KB", 1_024L)]
    [InlineData("1Ki", 1_024L)]
    [InlineData("1KiB", 1_024L)]
    [InlineData("1m", 1_000_000L)]
    [InlineData("1M", 1_000_000L)]
    [InlineData("1MB", 1_048_576L)]
    [InlineData("8mib", 8_388_608L)]
    [InlineData("1g", 1_000_000_000L)]
    [InlineData("1G", 1_000_000_000L)]
    [InlineData("1GB", 1_073_741_824L)]
    [InlineData("2t", 2_000_000_000_000L)]
    [InlineData("1TB", 1_099_511_627_776L)]
    [InlineData("1p", 1_000_000_000_000_000L)]
    [InlineData("1PiB", 1_125_899_906_842_624L)]
    [InlineData("1e", 1_000_000_000_000_000_000L)]
    [InlineData("1EB", 1_152_921_504_606_846_976L)]
    [InlineData("-1k", -1_000L)]
    [InlineData("0MB", 0L)]
    public void Size_suffixes_count_in_thousands_and_with_b_or_i_in_1024s(string text, long expected)
    {
        var value = Fixture.Parse($"size = {text}")["size"];
        Assert.Equal(ConfigValueKind.Integer, value.Kind);
        Assert.Equal(expected, value.AsInt64());
        Assert.Equal(text, ((ConfigScalar)value).Text);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("007", 7L)]
    [InlineData("-1", -1L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integers_are_64_bit(string text, long expected) =>
        Assert.Equal(expected, Fixture.Parse($"n = {text}")["n"].AsInt64());

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("10.0", 10.0)]
    public void Floats_need_digits_on_both_sides_of_the_point(string text, double expected) =>
        Assert.Equal(expected, Fixture.Parse($"f = {text}")["f"].AsDouble());

    [Fact]
    public void An_integer_is_also_read_as_a_double() =>
        Assert.Equal(3.0, Fixture.Parse("n = 3")["n"].AsDouble());

    [Theory]
    [InlineData("10s")]
    [InlineData("1h")]
    [InlineData("1ms")]
    [InlineData("4222abc")]
    [InlineData("2min")]
    public void Digits_followed_by_other_letters_make_a_string(string text)
    {
        var value = Fixture.Parse($"v = {text}")["v"];
        Assert.Equal(ConfigValueKind.String, value.Kind);
        Assert.Equal(text, value.AsString());
    }

    [Fact]
    public void An_unquoted_2m_is_two_million_not_two_minutes() =>
        Assert.Equal(2_000_000, Fixture.Parse("v = 2m")["v"].AsInt64());

    [Theory]
    [InlineData("99999999999999999999", "out of range")]
    [InlineData("10E", "out of range")]
    [InlineData("9EB", "out of range")]
    [InlineData("1kbb", "unknown size suffix")]
    [InlineData("1.", "digit after the '.'")]
    [InlineData(".5", "must start with a digit")]
    [InlineData("-x", "expected a digit after '-'")]
    [InlineData("1.5k", "after a value")]
    [InlineData("12-34", "date-time must be written in full")]
    [InlineData("2024-13-01T00:00:00Z", "Zulu date-time")]
    [InlineData("2024-01-01 00:00:00", "ISO 8601")]
    public void Malformed_numbers_are_errors(string text, string expected)
    {
        var error = Fixture.ParseError($"v = {text}");
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("test.conf:1:", error.Message);
    }
}
