using System.Text;
using WebBroker.Broker.Logging;

namespace WebBroker.Tests.Logging;

/// <summary>The trace's CONNECT redaction against hostile input: it never throws and never shows a secret.</summary>
public sealed class ConnectRedactionTests
{
    private static readonly string[] Secrets = ["hunter2", "987654", "t0ken", "eyJhbG", "c2lnbmF0dXJl"];

    public static TheoryData<string> Hostile => new()
    {
        """CONNECT {"user":"bob","pass":"hunter2","auth_token":"t0ken","jwt":"eyJhbG","sig":"c2lnbmF0dXJl"}""",
        """CONNECT {"pass":"a","pass":"hunter2"}""",
        """CONNECT {"pass":"hunter2","pass":"hunter2","pass":"hunter2"}""",
        """CONNECT {"user":"u","x":{"pass":"hunter2","y":[{"auth_token":"t0ken"}]}}""",
        """CONNECT {"pass":{"inner":"hunter2"}}""",
        """CONNECT {"pass":["hunter2",{"a":"t0ken"}]}""",
        """CONNECT {"auth_token":987654}""",
        """CONNECT {"PASS":"hunter2","Auth_Token":"t0ken"}""",
        """CONNECT {"p\u0061ss":"hunter2"}""",
        "CONNECT {\"auth_to\u212Aen\":\"t0ken\",\"\u017Fig\":\"c2lnbmF0dXJl\"}",
        """CONNECT {"pass":"hun\"ter2 hunter2"}""",
        """CONNECT {"pass":"hunter2" broken""",
        """CONNECT {"pass":"hunter2""",
        """CONNECT {"pass":"hunter2}""",
        """CONNECT {"pass":"hunter2"}}""",
        """CONNECT {"user":"a"} {"pass":"hunter2"}""",
        """CONNECT {"pass":"hunter2",}""",
        """CONNECT {/* c */"pass":"hunter2"}""",
        """CONNECT {"pass"}""",
        """CONNECT {"pass":}hunter2""",
        """CONNECT {"\ud800":"x","pass":"hunter2"}""",
        """CONNECT {"pass":"\ud800hunter2"}""",
        "CONNECT " + new string('[', 0) + "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "{\"pass\":\"hunter2\"}" + new string('}', 201),
        "CONNECT {\"pass\":\"hunter2\"" + new string('}', 5),
        "CONNECT {",
        "CONNECT {}",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Never_throws_and_never_shows_a_secret(string line)
    {
        var traced = ConnectRedaction.Redact(Encoding.UTF8.GetBytes(line));
        foreach (var secret in Secrets) Assert.DoesNotContain(secret, traced);
        Assert.StartsWith("CONNECT ", traced);
    }

    [Fact]
    public void Invalid_UTF8_in_a_field_name_is_hidden_whole()
    {
        var line = Encoding.UTF8.GetBytes("""CONNECT {"x":1,"pa""").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("""ss":"hunter2","pass":"hunter2"}""")).ToArray();
        var traced = ConnectRedaction.Redact(line);
        Assert.DoesNotContain("hunter2", traced);
    }

    [Fact]
    public void Everything_but_the_secrets_is_shown_as_sent()
    {
        var traced = ConnectRedaction.Redact("""CONNECT {"verbose":false,"user":"bob","pass":"a","pass":"hunter2","name":"svc"}"""u8);
        Assert.Equal("""CONNECT {"verbose":false,"user":"bob","pass":"[REDACTED]","pass":"[REDACTED]","name":"svc"}""", traced);
    }

    [Fact]
    public void Unreadable_JSON_is_hidden_whole()
    {
        Assert.Equal("CONNECT [REDACTED]", ConnectRedaction.Redact("""CONNECT {"user":"bob" "pass":"hunter2"}"""u8));
    }
}
