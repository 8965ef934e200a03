using WebBroker.Broker.Configuration;

namespace WebBroker.Tests.Configuration;

public class ConfigIncludeTests
{
    [Fact]
    public void An_included_file_adds_its_keys_where_the_include_stands()
    {
        var document = Fixture.Load("server.conf");
        Assert.Equal(2 * 1024 * 1024, document.Root["max_payload"].AsInt64());
        Assert.Equal(1.5, document.Root["authorization"].AsMap()["timeout"].AsDouble());
    }

    [Fact]
    public void Included_keys_keep_the_position_in_their_own_file()
    {
        var document = Fixture.Load("server.conf");
        var limits = Path.Combine(Fixture.Directory, "includes", "limits.conf");
        Assert.Equal(new ConfigPosition(limits, 2, 1), document.Root.Single(e => e.Key == "max_payload").KeyPosition);
        Assert.Equal(new ConfigPosition(limits, 2, 14), document.Root["max_payload"].Position);
    }

    [Fact]
    public void The_document_lists_every_file_read()
    {
        var document = Fixture.Load("server.conf");
        Assert.Equal(
            [Fixture.PathOf("server.conf"), Path.Combine(Fixture.Directory, "includes", "limits.conf"), Path.Combine(Fixture.Directory, "includes", "auth.conf")],
            document.Files);
    }

    [Fact]
    public void Include_paths_are_relative_to_the_including_file_and_may_be_quoted()
    {
        var directory = Fixture.Directory;
        foreach (var form in new[] { "include ./includes/limits.conf", "include \"includes/limits.conf\"", "include 'includes/limits.conf'", "INCLUDE includes/limits.conf" })
        {
            var root = ConfigFile.Parse(form, Path.Combine(directory, "inline.conf"), _ => null).Root;
            Assert.Equal(1000, root["max_connections"].AsInt64());
        }
    }

    [Fact]
    public void An_absolute_include_path_is_still_taken_relative_to_the_including_file_as_nats_server_does()
    {
        var root = ConfigFile.Parse("include /includes/limits.conf", Path.Combine(Fixture.Directory, "inline.conf"), _ => null).Root;
        Assert.Equal(1000, root["max_connections"].AsInt64());
    }

    [Fact]
    public void Keys_added_by_an_include_can_be_used_as_variables_afterwards()
    {
        var root = ConfigFile.Parse("include ./includes/limits.conf\ncopy = $max_payload", Path.Combine(Fixture.Directory, "inline.conf"), _ => null).Root;
        Assert.Equal(2 * 1024 * 1024, root["copy"].AsInt64());
    }

    [Fact]
    public void An_included_file_cannot_see_the_variables_of_the_including_file()
    {
        var error = Assert.Throws<ConfigException>(() =>
            ConfigFile.Parse("parent_port = 1\ninclude ./includes/with-variable.conf", Path.Combine(Fixture.Directory, "inline.conf"), _ => null));
        Assert.Equal(
            $"{Path.Combine(Fixture.Directory, "includes", "with-variable.conf")}:2:7: variable reference for 'parent_port' can not be found",
            error.Message);
    }

    [Fact]
    public void An_included_file_still_sees_the_environment()
    {
        var root = ConfigFile.Parse("include ./includes/with-variable.conf", Path.Combine(Fixture.Directory, "inline.conf"), n => n == "parent_port" ? "5" : null).Root;
        Assert.Equal(5, root["port"].AsInt64());
    }

    [Fact]
    public void Include_cycles_are_an_error_naming_the_cycle()
    {
        var error = Assert.Throws<ConfigException>(() => Fixture.Load("includes/cycle-a.conf"));
        Assert.Contains("include cycle", error.Message);
        Assert.StartsWith(Path.Combine(Fixture.Directory, "includes", "cycle-b.conf") + ":2:1:", error.Message);
    }

    [Fact]
    public void A_missing_include_is_an_error_at_the_include()
    {
        var error = Assert.Throws<ConfigException>(() => Fixture.Load("invalid/missing-include.conf"));
        Assert.StartsWith(Fixture.PathOf("invalid/missing-include.conf") + ":2:1: error opening include file", error.Message);
    }

    [Fact]
    public void A_missing_config_file_is_an_error_without_a_position()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigFile.Load(Fixture.PathOf("no-such-file.conf")));
        Assert.StartsWith("error opening config file:", error.Message);
        Assert.Null(error.Position);
    }

    [Theory]
    [InlineData("include [a]", "the start of an array")]
    [InlineData("include {a}", "the start of a map")]
    [InlineData("include 42", "a number")]
    [InlineData("include \"unterminated", "unexpected end of file")]
    public void An_include_needs_a_path(string text, string expected) =>
        Assert.Contains(expected, Fixture.ParseError(text).Message);

    [Theory]
    [InlineData("include: x")]
    [InlineData("include=x")]
    [InlineData("a { include: x }")]
    public void A_key_named_include_followed_by_a_separator_is_an_ordinary_key(string text)
    {
        var root = Fixture.Parse(text);
        var map = root.ContainsKey("a") ? root["a"].AsMap() : root;
        Assert.Equal("x", map["include"].AsString());
    }
}
