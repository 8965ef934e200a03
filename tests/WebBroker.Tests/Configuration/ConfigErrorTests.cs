using WebBroker.Broker.Configuration;

namespace WebBroker.Tests.Configuration;

public class ConfigErrorTests
{
    [Theory]
    [InlineData("a = [1, 2", 1, 10, "end of file in an array")]
    [InlineData("a {\n  b = 1\n", 3, 1, "end of file in a map")]
    [InlineData("a = \"abc", 1, 9, "end of file in a quoted string")]
    [InlineData("a = 'abc", 1, 9, "end of file in a quoted string")]
    [InlineData("x: \"abc\" y: 1", 1, 10, "got 'y'")]
    [InlineData("a { b = 1 c = 2 }", 1, 11, "got 'c'")]
    [InlineData("a { b = 1 ] }", 1, 11, "got ']'")]
    [InlineData("a = [1 2]", 1, 8, "expected ',' or ']'")]
    [InlineData("a = [1,,2]", 1, 8, "unexpected ','")]
    [InlineData("a = [,1]", 1, 6, "unexpected ','")]
    [InlineData("= 1", 1, 1, "unexpected key separator")]
    [InlineData("a { = 1 }", 1, 5, "unexpected key separator")]
    [InlineData("a = \"bad \\q\"", 1, 11, "invalid escape '\\q'")]
    [InlineData("a = \"\\x4\"", 1, 10, "two hexadecimal digits")]
    [InlineData("a = \"\\xzz\"", 1, 10, "two hexadecimal digits")]
    [InlineData("a = (\nno end", 2, 7, "( block )")]
    [InlineData("a = 1\n}\nb = 2", 2, 1, "unexpected '}'")]
    public void Syntax_errors_name_file_line_and_column(string text, int line, int column, string expected)
    {
        var error = Fixture.ParseError(text);
        Assert.Equal(new ConfigPosition("test.conf", line, column), error.Position);
        Assert.StartsWith($"test.conf:{line}:{column}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("debug")]
    [InlineData("a { b }")]
    [InlineData("a { b = }")]
    public void A_key_without_a_value_is_an_error(string text) =>
        Assert.Contains("has no value", Fixture.ParseError(text).Message);

    [Fact]
    public void An_undefined_variable_is_an_error_at_the_reference()
    {
        var error = Assert.Throws<ConfigException>(() => Fixture.Load("invalid/undefined-variable.conf"));
        Assert.Equal(
            $"{Fixture.PathOf("invalid/undefined-variable.conf")}:1:7: variable reference for 'WB_TEST_SURELY_UNDEFINED_VARIABLE' can not be found",
            error.Message);
    }

    [Fact]
    public void A_syntax_error_in_a_fixture_names_the_fixture()
    {
        var error = Assert.Throws<ConfigException>(() => Fixture.Load("invalid/unclosed-map.conf"));
        Assert.Equal(new ConfigPosition(Fixture.PathOf("invalid/unclosed-map.conf"), 4, 1), error.Position);

        error = Assert.Throws<ConfigException>(() => Fixture.Load("invalid/bad-escape.conf"));
        Assert.Equal(new ConfigPosition(Fixture.PathOf("invalid/bad-escape.conf"), 1, 20), error.Position);
    }

    [Theory]
    [InlineData("a = 1\n}\n")]
    [InlineData("{\n  a = 1\n")]
    [InlineData("{ a = 1 }}")]
    public void Brace_slips_that_nats_server_forgives_are_forgiven(string text) =>
        Assert.Equal(1, Fixture.Parse(text)["a"].AsInt64());

    [Fact]
    public void Windows_line_endings_are_new_lines()
    {
        var root = Fixture.Parse("a = 1\r\nb {\r\n  c = two\r\n}\r\nd = [1,\r\n 2 ]\r\n");
        Assert.Equal("two", root["b"].AsMap()["c"].AsString());
        Assert.Equal(2, root["d"].AsArray().Count);
    }
}
