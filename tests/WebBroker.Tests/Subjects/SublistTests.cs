using WebBroker.Broker.Subjects;

namespace WebBroker.Tests.Subjects;

public class SublistTests
{
    private sealed record Entry(string Subject, string? Queue = null) : ISublistEntry;

    private static string[] Matches(Sublist<Entry> list, string subject)
    {
        var r = list.Match(subject);
        return [.. r.Plain.Select(e => e.Subject).Concat(r.Queues.SelectMany(q => q).Select(e => $"{e.Subject}@{e.Queue}")).Order()];
    }

    [Theory]
    [InlineData("foo.bar", "foo.bar", true)]
    [InlineData("foo.*", "foo.bar", true)]
    [InlineData("foo.*", "foo.bar.baz", false)]
    [InlineData("foo.*", "foo", false)]
    [InlineData("foo.>", "foo.bar.baz", true)]
    [InlineData("foo.>", "foo", false)]
    [InlineData(">", "foo", true)]
    [InlineData(">", "foo.bar", true)]
    [InlineData("*", "foo", true)]
    [InlineData("*", "foo.bar", false)]
    [InlineData("*.*", "foo.bar", true)]
    [InlineData("*.bar", "foo.bar", true)]
    [InlineData("*.bar", "foo.baz", false)]
    [InlineData("foo.*.baz", "foo.x.baz", true)]
    [InlineData("foo.*.>", "foo.x.baz.q", true)]
    [InlineData("foo.*.>", "foo.x", false)]
    [InlineData("foo*", "foo*", true)]
    [InlineData("foo*", "foox", false)]
    public void A_subscription_matches_the_subjects_its_wildcards_cover(string subscription, string subject, bool matches)
    {
        var list = new Sublist<Entry>();
        list.Insert(new Entry(subscription));
        Assert.Equal(matches, list.Match(subject).Plain.Length == 1);
    }

    [Fact]
    public void Every_matching_subscription_is_returned_once()
    {
        var list = new Sublist<Entry>();
        foreach (var s in new[] { "a.b.c", "a.*.c", "a.>", ">", "*.b.*", "a.b", "x.y" }) list.Insert(new Entry(s));
        Assert.Equal(["*.b.*", ">", "a.*.c", "a.>", "a.b.c"], Matches(list, "a.b.c"));
    }

    [Fact]
    public void Queue_members_are_grouped_by_queue_name()
    {
        var list = new Sublist<Entry>();
        list.Insert(new Entry("q.>", "g1"));
        list.Insert(new Entry("q.x", "g1"));
        list.Insert(new Entry("q.*", "g2"));
        list.Insert(new Entry("q.x"));
        var r = list.Match("q.x");
        Assert.Single(r.Plain);
        Assert.Equal(2, r.Queues.Length);
        Assert.Equal(2, r.Queues.Single(g => g[0].Queue == "g1").Length);
        Assert.Single(r.Queues.Single(g => g[0].Queue == "g2"));
    }

    [Fact]
    public void The_match_cache_follows_inserts_and_removes()
    {
        var list = new Sublist<Entry>();
        var a = new Entry("foo.*");
        Assert.Empty(list.Match("foo.bar").Plain);
        list.Insert(a);
        Assert.Single(list.Match("foo.bar").Plain);
        Assert.Single(list.Match("foo.bar").Plain);
        var b = new Entry("foo.bar");
        list.Insert(b);
        Assert.Equal(2, list.Match("foo.bar").Plain.Length);
        Assert.True(list.Remove(a));
        Assert.Equal([b], list.Match("foo.bar").Plain);
        Assert.True(list.Remove(b));
        Assert.Empty(list.Match("foo.bar").Plain);
        Assert.Equal(0, list.Count);
    }

    [Fact]
    public void Removing_an_unknown_entry_changes_nothing()
    {
        var list = new Sublist<Entry>();
        var a = new Entry("a.b");
        list.Insert(a);
        Assert.False(list.Remove(new Entry("a.b.c")));
        Assert.False(list.Remove(new Entry("a.b", "q")));
        Assert.Equal(1, list.Count);
        Assert.Single(list.Match("a.b").Plain);
    }

    [Fact]
    public void Removed_entries_leave_no_nodes_behind()
    {
        var list = new Sublist<Entry>();
        var entries = Enumerable.Range(0, 1000).Select(i => new Entry($"_INBOX.{i}.x")).ToList();
        foreach (var e in entries) list.Insert(e);
        foreach (var e in entries) Assert.True(list.Remove(e));
        Assert.Equal(0, list.Count);
        Assert.Empty(list.All());
        Assert.Empty(list.Match("_INBOX.5.x").Plain);
    }

    [Fact]
    public void Matching_agrees_with_a_brute_force_model_under_random_churn()
    {
        var rng = new Random(1234);
        string[] tokens = ["a", "b", "c"];
        string RandomSubject(bool wildcards)
        {
            var n = rng.Next(1, 4);
            var parts = new List<string>();
            for (var i = 0; i < n; i++)
            {
                var roll = rng.Next(10);
                if (wildcards && roll == 0 && i == n - 1) { parts.Add(">"); break; }
                parts.Add(wildcards && roll == 1 ? "*" : tokens[rng.Next(tokens.Length)]);
            }
            return string.Join('.', parts);
        }
        static bool Model(string pattern, string subject)
        {
            var p = pattern.Split('.');
            var s = subject.Split('.');
            for (var i = 0; i < p.Length; i++)
            {
                if (p[i] == ">") return s.Length > i;
                if (i >= s.Length) return false;
                if (p[i] != "*" && p[i] != s[i]) return false;
            }
            return p.Length == s.Length;
        }
        var list = new Sublist<Entry>();
        var live = new List<Entry>();
        for (var step = 0; step < 3000; step++)
        {
            if (live.Count > 0 && rng.Next(3) == 0)
            {
                var victim = live[rng.Next(live.Count)];
                live.Remove(victim);
                Assert.True(list.Remove(victim));
            }
            else
            {
                var e = new Entry(RandomSubject(true), rng.Next(4) == 0 ? "q" : null);
                live.Add(e);
                list.Insert(e);
            }
            var subject = RandomSubject(false);
            var expected = live.Where(e => Model(e.Subject, subject)).ToHashSet(ReferenceEqualityComparer.Instance);
            var r = list.Match(subject);
            var actual = r.Plain.Concat(r.Queues.SelectMany(q => q)).ToHashSet(ReferenceEqualityComparer.Instance);
            Assert.True(expected.SetEquals(actual), $"step {step}: {subject}");
        }
    }
}
