using System.Text;
using WebBroker.Broker.Subjects;

namespace WebBroker.Tests.Subjects;

/// <summary>The byte matcher used on the publish path agrees with the text one.</summary>
public class SubjectPatternTests
{
    [Theory]
    [InlineData("a.b.c", "a.b.c", true)]
    [InlineData("a.b.c", "a.b", false)]
    [InlineData("a.b", "a.b.c", false)]
    [InlineData("a.*.c", "a.x.c", true)]
    [InlineData("a.*.c", "a.x.d", false)]
    [InlineData("a.*", "a", false)]
    [InlineData("a.>", "a.b.c.d", true)]
    [InlineData("a.>", "a", false)]
    [InlineData(">", "x", true)]
    [InlineData("*", "x.y", false)]
    [InlineData("ab.c", "a.c", false)]
    [InlineData("a.c", "ab.c", false)]
    [InlineData("é.*", "é.x", true)]
    [InlineData("é.*", "e.x", false)]
    public void Bytes_and_text_agree(string pattern, string subject, bool expected)
    {
        Assert.Equal(expected, SubjectPattern.Matches(pattern, subject));
        Assert.Equal(expected, SubjectPattern.Matches(pattern, Encoding.UTF8.GetBytes(subject)));
    }
}
