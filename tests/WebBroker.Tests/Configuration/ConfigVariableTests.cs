using WebBroker.Broker.Configuration;

namespace WebBroker.Tests.Configuration;

public class ConfigVariableTests
{
    [Fact]
    public void A_variable_reads_a_key_defined_earlier_in_the_same_or_an_enclosing_map()
    {
        var root = Fixture.Load("variables.conf").Root;
        var outer = root["outer"].AsMap();
        Assert.Equal("top value", outer["sees_top"].AsString());
        Assert.Equal(1, outer["nested"].AsMap()["sees_outer"].AsInt64());
        Assert.Equal("top value", root["after"].AsString());
    }

    [Fact]
    public void A_key_defined_inside_a_map_is_not_visible_outside_it()
    {
        var error = Fixture.ParseError("outer { inner = 1 }\nport = $inner");
        Assert.Equal("test.conf:2:8: variable reference for 'inner' can not be found", error.Message);
    }

    [Fact]
    public void A_key_defined_later_is_not_visible_earlier() =>
        Assert.Contains("'late' can not be found", Fixture.ParseError("a = $late\nlate = 1").Message);

    [Fact]
    public void Variable_names_are_case_sensitive()
    {
        var root = Fixture.Load("variables.conf").Root;
        Assert.Equal("upper", root["uses_case"].AsString());
        Assert.Contains("'X' can not be found", Fixture.ParseError("x = 1\ny = $X").Message);
    }

    [Fact]
    public void A_referenced_value_stands_at_the_reference_and_the_definition_is_marked_referenced()
    {
        var root = Fixture.Parse("size = 1MB\nmax_payload: $size");
        Assert.Equal(1_048_576, root["max_payload"].AsInt64());
        Assert.Equal(new ConfigPosition("test.conf", 2, 14), root["max_payload"].Position);
        Assert.True(root["size"].IsReferenced);
        Assert.False(root["max_payload"].IsReferenced);
    }

    [Fact]
    public void Maps_and_arrays_can_be_referenced()
    {
        var root = Fixture.Parse("perms = { publish: [a, b] }\nuser = { permissions: $perms }\nlist = [1, 2 ]\ncopy = $list");
        Assert.Equal(2, root["user"].AsMap()["permissions"].AsMap()["publish"].AsArray().Count);
        Assert.Equal(2, root["copy"].AsArray().Count);
    }

    [Fact]
    public void Variables_work_inside_arrays()
    {
        var root = Fixture.Parse("a = 1\nlist = [$a, $a]");
        Assert.Equal([1L, 1L], root["list"].AsArray().Select(v => v.AsInt64()));
    }

    [Fact]
    public void An_undefined_variable_falls_back_to_the_environment_whose_text_is_parsed_as_a_value()
    {
        var root = Fixture.Parse("port = $PORT\npayload = $PAYLOAD\nname = $NAME\nflag = $FLAG\nlist = $LIST",
            ("PORT", "4333"), ("PAYLOAD", "2MB"), ("NAME", "my-server"), ("FLAG", "yes"), ("LIST", "[a, b]"));
        Assert.Equal(4333, root["port"].AsInt64());
        Assert.Equal(2 * 1024 * 1024, root["payload"].AsInt64());
        Assert.Equal("my-server", root["name"].AsString());
        Assert.True(root["flag"].AsBoolean());
        Assert.Equal(2, root["list"].AsArray().Count);
    }

    [Fact]
    public void Keys_of_the_file_win_over_the_environment()
    {
        var root = Fixture.Parse("PORT = 1\nport = $PORT", ("PORT", "2"));
        Assert.Equal(1, root["port"].AsInt64());
    }

    [Fact]
    public void An_environment_variable_may_refer_to_another_one() =>
        Assert.Equal(7, Fixture.Parse("a = $A", ("A", "$B"), ("B", "7"))["a"].AsInt64());

    [Fact]
    public void Environment_variables_that_refer_to_each_other_are_an_error()
    {
        var error = Fixture.ParseErrorWith("a = $A", ("A", "$B"), ("B", "$A"));
        Assert.StartsWith("test.conf:1:5: variable reference for 'A' could not be parsed:", error.Message);
        Assert.Contains("cycle", error.Message);
    }

    [Fact]
    public void An_environment_value_that_does_not_parse_is_an_error_at_the_reference()
    {
        var error = Fixture.ParseErrorWith("\n  port = $BAD", ("BAD", "\"unterminated"));
        Assert.StartsWith("test.conf:2:10: variable reference for 'BAD' could not be parsed:", error.Message);
    }

    [Fact]
    public void A_bcrypt_hash_is_not_a_variable()
    {
        const string Hash = "$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG";
        Assert.Equal(Hash, Fixture.Parse($"password: {Hash}")["password"].AsString());
    }

    [Fact]
    public void A_dollar_sign_inside_quotes_or_a_word_is_just_text()
    {
        var root = Fixture.Parse("a = \"$HOME\"\nb = a$b");
        Assert.Equal("$HOME", root["a"].AsString());
        Assert.Equal("a$b", root["b"].AsString());
    }

    [Fact]
    public void The_process_environment_is_the_default()
    {
        var name = "WB_CONFIG_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "1234");
        try
        {
            Assert.Equal(1234, ConfigFile.Parse($"port = ${name}").Root["port"].AsInt64());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
