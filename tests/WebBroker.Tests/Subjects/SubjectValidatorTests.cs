using System.Text;
using WebBroker.Broker.Subjects;

namespace WebBroker.Tests.Subjects;

public class SubjectValidatorTests
{
    [Theory]
    [InlineData("foo", true)]
    [InlineData("foo.bar", true)]
    [InlineData("foo.*", true)]
    [InlineData("foo.>", true)]
    [InlineData(">", true)]
    [InlineData("foo*", true)]
    [InlineData("foo.>.bar", false)]
    [InlineData(">.foo", false)]
    [InlineData("foo..bar", false)]
    [InlineData(".foo", false)]
    [InlineData("foo.", false)]
    [InlineData("", false)]
    [InlineData("foo bar", false)]
    [InlineData("foo\tbar", false)]
    public void Subscription_subjects_follow_nats_server_rules(string subject, bool valid) =>
        Assert.Equal(valid, SubjectValidator.IsValidSubject(Encoding.UTF8.GetBytes(subject)));

    [Theory]
    [InlineData("foo.bar", true)]
    [InlineData("foo.*", false)]
    [InlineData("foo.>", false)]
    [InlineData("foo*", true)]
    [InlineData("foo..bar", false)]
    public void Pedantic_publish_subjects_may_not_hold_wildcards(string subject, bool valid) =>
        Assert.Equal(valid, SubjectValidator.IsValidLiteralSubject(Encoding.UTF8.GetBytes(subject)));
}
