using WebBroker.Broker.Configuration;

namespace WebBroker.Tests.Configuration;

public class ConfigSyntaxTests
{
    private static readonly ConfigMap Syntax = Fixture.Load("syntax.conf").Root;

    [Theory]
    [InlineData("equals", 1)]
    [InlineData("colon", 2)]
    [InlineData("space", 3)]
    [InlineData("semicolons", 4)]
    [InlineData("after_semicolon", 5)]
    [InlineData("quoted key", 6)]
    [InlineData("single quoted key", 7)]
    public void Keys_are_separated_from_values_by_equals_colon_or_white_space(string key, long expected) =>
        Assert.Equal(expected, Syntax[key].AsInt64());

    [Fact]
    public void Double_quoted_strings_understand_escapes() =>
        Assert.Equal("tab\there, quote \" backslash \\ hex A", Syntax["double"].AsString());

    [Fact]
    public void Single_quoted_strings_are_taken_literally() =>
        Assert.Equal("no \\escapes here", Syntax["single"].AsString());

    [Theory]
    [InlineData("bare", "just-a-bare_string/with:colons")]
    [InlineData("url", "nats://user:pass@host:4222")]
    [InlineData("address", "127.0.0.1:4222")]
    [InlineData("hostname", "localhost:4222")]
    [InlineData("starts_with_digits", "10s")]
    public void Bare_strings_run_to_white_space_or_the_end_of_the_line(string key, string expected)
    {
        Assert.Equal(ConfigValueKind.String, Syntax[key].Kind);
        Assert.Equal(expected, Syntax[key].AsString());
    }

    [Fact]
    public void Numbers_floats_and_date_times_have_their_kinds()
    {
        Assert.Equal(42, Syntax["integer"].AsInt64());
        Assert.Equal(-17, Syntax["negative"].AsInt64());
        Assert.Equal(3.25, Syntax["float"].AsDouble());
        Assert.Equal(ConfigValueKind.Float, Syntax["float"].Kind);
        Assert.Equal(new DateTime(2024, 1, 31, 12, 34, 56, DateTimeKind.Utc), Syntax["datetime"].AsDateTime());
        Assert.Equal(DateTimeKind.Utc, Syntax["datetime"].AsDateTime().Kind);
    }

    [Fact]
    public void Booleans_are_true_yes_on_and_false_no_off_in_any_case()
    {
        Assert.All(Syntax["truthy"].AsArray(), v => Assert.True(v.AsBoolean()));
        Assert.All(Syntax["falsy"].AsArray(), v => Assert.False(v.AsBoolean()));
    }

    [Fact]
    public void Quoted_booleans_are_strings()
    {
        var root = Fixture.Parse("a = \"true\"\nb = 'no'");
        Assert.Equal("true", root["a"].AsString());
        Assert.Equal("no", root["b"].AsString());
    }

    [Fact]
    public void Arrays_hold_mixed_values_separated_by_commas_or_new_lines()
    {
        var array = Syntax["array"].AsArray();
        Assert.Equal(1, array[0].AsInt64());
        Assert.Equal("two", array[1].AsString());
        Assert.Equal("three", array[2].AsString());
        Assert.Equal(4.5, array[3].AsDouble());
        Assert.Equal(["first", "second", "third"], Syntax["array_lines"].AsArray().Select(v => v.AsString()));
        Assert.Empty(Syntax["empty_array"].AsArray());
        Assert.Equal(2, Syntax["nested_array"].AsArray().Count);
        Assert.Equal("c", Syntax["nested_array"].AsArray()[1].AsArray()[0].AsString());
    }

    [Fact]
    public void A_number_just_before_a_closing_bracket_is_a_number()
    {
        // nats-server 2.9 rejects "[1, 2]" (it needs "[1, 2 ]"); we read what was meant.
        var root = Fixture.Parse("a = [1, 2]\nb = [[1], [2k]]");
        Assert.Equal([1L, 2L], root["a"].AsArray().Select(v => v.AsInt64()));
        Assert.Equal(2000, root["b"].AsArray()[1].AsArray()[0].AsInt64());
    }

    [Fact]
    public void Maps_nest_with_or_without_a_separator_before_the_brace()
    {
        var map = Syntax["map"].AsMap();
        Assert.Equal(1, map["inner"].AsInt64());
        Assert.Equal("x", map["deeper"].AsMap()["value"].AsString());
        Assert.Equal(2, Syntax["map_equals"].AsMap()["b"].AsInt64());
        Assert.Equal(2, Syntax["map_colon"].AsMap()["b"].AsInt64());
        Assert.Equal(["alice", "bob"], Syntax["array_of_maps"].AsArray().Select(m => m.AsMap()["name"].AsString()));
    }

    [Fact]
    public void A_parenthesised_block_is_a_string_up_to_a_closing_parenthesis_alone_on_its_line() =>
        Assert.Equal("\nline one\n  line two\n", Syntax["block"].AsString());

    [Fact]
    public void Comments_are_ignored_after_values_and_between_entries()
    {
        var root = Fixture.Parse("# one\na = 1 # two\n// three\nb = 2 // four\nc = [1, # five\n 2]");
        Assert.Equal(["a", "b", "c"], root.Keys);
        Assert.Equal(2, root["c"].AsArray().Count);
    }

    [Fact]
    public void A_hash_inside_a_bare_string_is_not_a_comment() =>
        Assert.Equal("bar#baz", Fixture.Parse("foo = bar#baz")["foo"].AsString());

    [Fact]
    public void A_key_and_its_value_may_be_separated_by_new_lines_but_not_after_the_equals_sign()
    {
        Assert.Equal(1, Fixture.Parse("foo\n  = 1")["foo"].AsInt64());
        var error = Fixture.ParseError("foo =\n1");
        Assert.Contains("new line", error.Message);
    }

    [Fact]
    public void A_whole_file_may_be_wrapped_in_braces_like_json()
    {
        var root = Fixture.Load("json.conf").Root;
        Assert.Equal(4444, root["port"].AsInt64());
        Assert.True(root["debug"].AsBoolean());
    }

    [Fact]
    public void Double_quoted_hex_escapes_are_bytes_read_as_utf8() =>
        Assert.Equal("éé", Fixture.Parse("a = \"é\\xc3\\xa9\"")["a"].AsString());

    [Fact]
    public void An_escape_in_a_bare_string_is_understood() =>
        Assert.Equal("a\tb", Fixture.Parse("a = a\\tb")["a"].AsString());

    [Fact]
    public void A_quote_ends_a_bare_word_and_makes_it_a_string()
    {
        var root = Fixture.Parse("a = true'\nb = $x'");
        Assert.Equal("true", root["a"].AsString());
        Assert.Equal("$x", root["b"].AsString());
    }

    [Fact]
    public void A_block_closed_at_the_end_of_the_file_does_not_keep_its_parenthesis() =>
        Assert.Equal("\ntext\n", Fixture.Parse("a = (\ntext\n)")["a"].AsString());

    [Fact]
    public void An_ip_address_with_a_port_is_a_string()
    {
        var root = Fixture.Parse("a = 10.0.0.1:4222\nb = 1.2.3.4");
        Assert.Equal("10.0.0.1:4222", root["a"].AsString());
        Assert.Equal("1.2.3.4", root["b"].AsString());
    }

    [Fact]
    public void A_value_left_empty_at_the_end_of_the_file_is_an_empty_string() =>
        Assert.Equal("", Fixture.Parse("a = 1\nb =")["b"].AsString());

    [Fact]
    public void Map_keys_keep_their_order_and_case_and_lookups_ignore_case()
    {
        var root = Fixture.Parse("Zeta = 1\nalpha = 2\nMiddle { x = 1 }");
        Assert.Equal(["Zeta", "alpha", "Middle"], root.Keys);
        Assert.Equal(1, root["zeta"].AsInt64());
        Assert.True(root.ContainsKey("MIDDLE"));
        Assert.False(root.TryGetValue("missing", out _));
    }

    [Fact]
    public void A_key_written_twice_keeps_the_last_value_at_the_place_of_the_last_definition()
    {
        var root = Fixture.Parse("a = 1\nb = 2\na = 3");
        Assert.Equal(["b", "a"], root.Keys);
        Assert.Equal(3, root["a"].AsInt64());
        Assert.Equal(3, root[1].KeyPosition.Line);
    }

    [Fact]
    public void Keys_differing_in_case_are_different_keys_and_lookups_find_the_last_one()
    {
        var root = Fixture.Parse("port = 1\nPORT = 2");
        Assert.Equal(2, root.Count);
        Assert.Equal(2, root["port"].AsInt64());
    }

    [Fact]
    public void Values_and_keys_carry_file_line_and_column()
    {
        var root = Fixture.Parse("a = 1\n  nested {\n    key: \"v\"\n  }");
        Assert.Equal(new ConfigPosition("test.conf", 1, 5), root["a"].Position);
        var nested = root[1];
        Assert.Equal(new ConfigPosition("test.conf", 2, 3), nested.KeyPosition);
        Assert.Equal(new ConfigPosition("test.conf", 2, 10), nested.Value.Position);
        var key = nested.Value.AsMap()[0];
        Assert.Equal(new ConfigPosition("test.conf", 3, 5), key.KeyPosition);
        Assert.Equal(new ConfigPosition("test.conf", 3, 10), key.Value.Position);
        Assert.Equal("test.conf:3:10", key.Value.Position.ToString());
    }

    [Fact]
    public void Positions_in_a_loaded_file_name_that_file()
    {
        var document = Fixture.Load("syntax.conf");
        Assert.Equal(Fixture.PathOf("syntax.conf"), document.Path);
        Assert.Equal(new ConfigPosition(Fixture.PathOf("syntax.conf"), 4, 10), document.Root["equals"].Position);
    }

    [Fact]
    public void A_string_value_reports_its_text_and_kind_in_type_errors()
    {
        var error = Assert.Throws<ConfigException>(() => Fixture.Parse("a = abc")["a"].AsInt64());
        Assert.Equal("test.conf:1:5: expected an integer, got string \"abc\"", error.Message);
        Assert.Equal(new ConfigPosition("test.conf", 1, 5), error.Position);
    }

    [Fact]
    public void Keys_containing_dots_and_dashes_are_single_keys() =>
        Assert.Equal(1, Fixture.Parse("a.b-c = 1")["a.b-c"].AsInt64());
}
