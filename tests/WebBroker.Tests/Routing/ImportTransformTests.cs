using System.Text;
using WebBroker.Broker.Accounts;

namespace WebBroker.Tests.Routing;

/// <summary>Subjects across an import: a published subject to the other side's (prefixes, mapped wildcards, a
/// literal), and a subscription back to the shadow it needs on the source side (whole, narrower, overlapping, none).</summary>
public class ImportTransformTests
{
    [Theory]
    [InlineData("ev.>", "x.ev.>", "ev.a.b", "x.ev.a.b")]
    [InlineData("ev.*.*", "in.*.from_a.*", "ev.q.z", "in.q.from_a.z")]
    [InlineData("ev.*", "fixed", "ev.q", "fixed")]
    [InlineData("svc.>", "svc.>", "svc.time", "svc.time")]
    [InlineData("a.*.>", "b.*.c.>", "a.1.2.3", "b.1.c.2.3")]
    public void A_published_subject_arrives_under_the_other_sides_subject(string from, string to, string subject, string expected)
    {
        var transform = new ImportTransform(from, to);
        var bytes = Encoding.UTF8.GetBytes(subject);
        if (transform.Identity)
        {
            Assert.Equal(subject, expected);
            return;
        }
        var buffer = new byte[transform.MaxLength(bytes.Length)];
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, transform.Apply(bytes, buffer)));
    }

    [Theory]
    [InlineData("ev.>", "x.ev.>", "x.ev.>", "ev.>")]        // the import's own subject
    [InlineData("ev.>", "x.ev.>", "x.>", "ev.>")]           // wider
    [InlineData("ev.>", "x.ev.>", ">", "ev.>")]
    [InlineData("ev.>", "x.ev.>", "x.ev.a.b", "ev.a.b")]    // narrower
    [InlineData("ev.>", "x.ev.>", "x.*.a", "ev.a")]         // overlapping
    [InlineData("ev.>", "x.ev.>", "other", null)]
    [InlineData("ev.>", "x.ev.>", "x.ev", null)]            // '>' needs a token
    [InlineData("ev.*.*", "in.*.from_a.*", "in.x.from_a.y", "ev.x.y")]
    [InlineData("ev.*.*", "in.*.from_a.*", "in.*.from_a.z", "ev.*.z")]
    [InlineData("ev.*.*", "in.*.from_a.*", "in.x.other.y", null)]
    [InlineData("ev.*", "fixed", "fixed", "ev.*")]
    [InlineData("ev.>", "ev.>", "ev.a", "ev.a")]
    public void A_subscription_needs_the_matching_part_of_the_source(string from, string to, string subscription, string? shadow)
    {
        Assert.Equal(shadow, new ImportTransform(from, to).Reverse(subscription));
    }
}
