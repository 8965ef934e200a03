using System.Text;
using WebBroker.Broker.Protocol;

namespace WebBroker.Tests.Protocol;

/// <summary>Half surrogate pairs in CONNECT's JSON become U+FFFD, as Go's encoding/json reads them.</summary>
public sealed class LoneSurrogatesTests
{
    [Theory]
    [InlineData("""{"\ud800":1}""", """{"\ufffd":1}""")]
    [InlineData("""{"a":"x\udc00y"}""", """{"a":"x\ufffdy"}""")]
    [InlineData("""{"a":"\uD800\uD800"}""", """{"a":"\ufffd\ufffd"}""")]
    [InlineData("""{"a":"\ud800"}""", """{"a":"\ufffd"}""")]
    public void Unpaired_halves_are_replaced(string json, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(LoneSurrogates.Replace(Encoding.UTF8.GetBytes(json))!));

    [Theory]
    [InlineData("""{"a":"\ud83d\ude00"}""")]
    [InlineData("""{"a":"\\ud800"}""")]
    [InlineData("""{"a":"\u0041\n"}""")]
    [InlineData("""{"a":"\ud8"}""")]
    public void Everything_else_is_left_alone(string json) => Assert.Null(LoneSurrogates.Replace(Encoding.UTF8.GetBytes(json)));
}
