using WebBroker.Broker.Subjects;

namespace WebBroker.Tests.Subjects;

/// <summary>
/// The sublist's match cache: a SUB/UNSUB drops exactly the cached subjects its pattern matches (the
/// rest keep being served from the cache), the cache stays bounded under a stream of distinct subjects,
/// and concurrent publishers never keep serving a result that a finished SUB/UNSUB made stale.
/// Cache hits are read from the sublist's own counters (what /subsz reports).
/// </summary>
public class SublistCacheTests
{
    private sealed class Entry(string subject, string? queue = null) : ISublistEntry
    {
        public string Subject { get; } = subject;
        public string? Queue { get; } = queue;
        public override string ToString() => Queue is null ? Subject : $"{Subject}@{Queue}";
    }

    private static readonly string[] Warm = ["a.b", "a.c", "a.b.c", "x.y", "q.x"];

    /// <summary>Caches every subject of <see cref="Warm"/>, then reports which of them a change dropped: a
    /// dropped subject is a miss when matched again, a kept one a hit.</summary>
    private static string[] DroppedBy(Action<Sublist<Entry>> change, Action<Sublist<Entry>>? before = null)
    {
        var list = new Sublist<Entry>();
        list.Insert(new Entry("unrelated"));
        before?.Invoke(list);
        foreach (var s in Warm) list.Match(s);
        foreach (var s in Warm) list.Match(s);
        Assert.Equal(Warm.Length, list.CacheCount);
        change(list);
        var dropped = new List<string>();
        foreach (var s in Warm)
        {
            var hits = list.Stats().CacheHits;
            list.Match(s);
            if (list.Stats().CacheHits == hits) dropped.Add(s);
        }
        return [.. dropped];
    }

    [Theory]
    [InlineData("a.b", new[] { "a.b" })]
    [InlineData("a.*", new[] { "a.b", "a.c" })]
    [InlineData("a.>", new[] { "a.b", "a.c", "a.b.c" })]
    [InlineData("*.b.*", new[] { "a.b.c" })]
    [InlineData(">", new[] { "a.b", "a.c", "a.b.c", "x.y", "q.x" })]
    [InlineData("nothing.cached", new string[0])]
    [InlineData("a*", new string[0])]
    public void A_sub_drops_exactly_the_cached_subjects_it_matches(string pattern, string[] dropped)
    {
        Assert.Equal(dropped, DroppedBy(l => l.Insert(new Entry(pattern))));
        Assert.Equal(dropped, DroppedBy(l => l.Insert(new Entry(pattern, "workers"))));
    }

    [Theory]
    [InlineData("a.b", new[] { "a.b" })]
    [InlineData("a.*", new[] { "a.b", "a.c" })]
    [InlineData("*.>", new[] { "a.b", "a.c", "a.b.c", "x.y", "q.x" })]
    public void An_unsub_drops_exactly_the_cached_subjects_it_matched(string pattern, string[] dropped)
    {
        var entry = new Entry(pattern);
        Assert.Equal(dropped, DroppedBy(l => Assert.True(l.Remove(entry)), l => l.Insert(entry)));
        var member = new Entry(pattern, "workers");
        Assert.Equal(dropped, DroppedBy(l => Assert.True(l.Remove(member)), l => l.Insert(member)));
    }

    [Fact]
    public void Removing_an_entry_that_is_not_there_drops_nothing()
    {
        Assert.Empty(DroppedBy(l => Assert.False(l.Remove(new Entry("a.*")))));
    }

    [Fact]
    public void Cached_results_follow_wildcard_and_queue_changes()
    {
        var list = new Sublist<Entry>();
        var plain = new Entry("q.*");
        var member1 = new Entry("q.x", "g");
        var member2 = new Entry("q.>", "g");
        var other = new Entry("q.*", "h");
        string Describe() => Describe2(list.Match("q.x"));
        static string Describe2(SublistResult<Entry> r) =>
            string.Join(" ", r.Plain.Select(e => e.ToString()).Order()) + " | " +
            string.Join(" ", r.Queues.Select(g => string.Join(",", g.Select(e => e.ToString()).Order())).Order());

        Assert.Equal(" | ", Describe());
        list.Insert(plain);
        Assert.Equal("q.* | ", Describe());
        list.Insert(member1);
        Assert.Equal("q.* | q.x@g", Describe());
        list.Insert(member2);
        Assert.Equal("q.* | q.>@g,q.x@g", Describe());
        list.Insert(other);
        Assert.Equal("q.* | q.*@h q.>@g,q.x@g", Describe());
        Assert.True(list.Remove(member1));
        Assert.Equal("q.* | q.*@h q.>@g", Describe());
        Assert.True(list.Remove(plain));
        Assert.Equal(" | q.*@h q.>@g", Describe());
        Assert.True(list.Remove(other));
        Assert.True(list.Remove(member2));
        Assert.Equal(" | ", Describe());
        Assert.Equal(0, list.Count);
    }

    [Fact]
    public void A_subject_is_cached_from_its_second_miss_on()
    {
        var list = new Sublist<Entry>();
        list.Insert(new Entry("a.*"));
        list.Match("a.b");
        Assert.Equal(0, list.CacheCount);
        list.Match("a.b");
        Assert.Equal(1, list.CacheCount);
        list.Match("a.b");
        Assert.Equal(1, list.Stats().CacheHits);
    }

    [Fact]
    public void The_cache_stays_bounded_under_a_stream_of_distinct_subjects()
    {
        var list = new Sublist<Entry>();
        var all = new Entry("bench.>");
        list.Insert(all);
        var max = 0;
        for (var i = 0; i < 100_000; i++)
        {
            // Each subject twice, so that each is admitted to the cache.
            Assert.Equal([all], list.Match($"bench.{i}").Plain);
            Assert.Equal([all], list.Match($"bench.{i}").Plain);
            max = Math.Max(max, list.CacheCount);
        }
        Assert.Equal(SublistCache<Entry>.MaxEntries, max);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_hot_subject_keeps_being_served_from_the_cache_beside_a_stream(int repeats)
    {
        var list = new Sublist<Entry>();
        list.Insert(new Entry("bench.>"));
        list.Match("bench.hot");
        list.Match("bench.hot");
        var hits = list.Stats().CacheHits;
        for (var i = 0; i < 10_000; i++)
        {
            for (var r = 0; r < repeats; r++) list.Match($"bench.{i}");
            list.Match("bench.hot");
        }
        // A stream of one-off subjects is never cached, so it never pushes the hot one out; subjects seen
        // twice are, and each trim (one per 768 of them) may drop it, costing it a miss or two.
        var minimum = repeats == 1 ? 10_000 : 9_900;
        Assert.True(list.Stats().CacheHits - hits >= minimum, $"hot subject hits: {list.Stats().CacheHits - hits} of 10,000");
    }

    [Fact]
    public void Stats_count_matches_hits_and_fanout_of_cached_results()
    {
        var list = new Sublist<Entry>();
        list.Insert(new Entry("f.*"));
        list.Insert(new Entry("f.a"));
        list.Insert(new Entry("f.a", "g"));
        list.Insert(new Entry("f.>", "g"));
        // Each twice to be cached, and f.a once more from the cache.
        foreach (var subject in new[] { "f.a", "f.a", "f.a", "f.b", "f.b", "none", "none" }) list.Match(subject);
        var stats = list.Stats();
        Assert.Equal(4, stats.Subscriptions);
        Assert.Equal(4, stats.Inserts);
        Assert.Equal(0, stats.Removes);
        Assert.Equal(7, stats.Matches);
        Assert.Equal(1, stats.CacheHits);
        Assert.Equal(3, stats.CacheEntries);
        Assert.Equal(3, stats.MaxFanout);
        Assert.Equal(5.0 / 3, stats.AvgFanout, 6);
        Assert.Equal(1.0 / 7, stats.CacheHitRate, 6);
        var uncounted = new Sublist<Entry>(countMatches: false);
        uncounted.Match("x");
        Assert.Equal(0, uncounted.Stats().Matches);
    }

    /// <summary>
    /// Readers hammer the list (more subjects than the cache holds, so sweeps run too) while one writer
    /// inserts a fixed set of entries and then adds and removes the churning part of it, round after
    /// round. Each entry's insert/remove starts and ends are counted; a reader reads them before and after
    /// its match: an entry whose insert had finished and whose removal had not started must be in the
    /// result, one whose removal had finished with no new insert started must not. The end state is
    /// checked subject by subject against a brute-force model.
    /// </summary>
    [Fact]
    public void Concurrent_matching_never_serves_a_result_older_than_a_finished_change()
    {
        var rng = new Random(42);
        string[] tokens = ["a", "b", "c", "d"];
        string Literal() => string.Join('.', Enumerable.Range(0, rng.Next(1, 4)).Select(_ => tokens[rng.Next(tokens.Length)]));
        string Pattern()
        {
            var parts = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => rng.Next(4) == 0 ? "*" : tokens[rng.Next(tokens.Length)]).ToList();
            if (rng.Next(6) == 0) parts[^1] = ">";
            return string.Join('.', parts);
        }
        var entries = Enumerable.Range(0, 300).Select(i => new Entry(Pattern(), i % 5 == 0 ? $"q{i % 3}" : null)).ToArray();
        bool Churns(int i) => i % 3 != 0;
        var subjects = Enumerable.Range(0, 200).Select(_ => Literal()).Concat(Enumerable.Range(0, 1500).Select(i => $"filler.{i}")).ToArray();
        var hot = subjects.Take(200).Distinct().ToArray();
        int[] insertStarted = new int[entries.Length], insertDone = new int[entries.Length];
        int[] removeStarted = new int[entries.Length], removeDone = new int[entries.Length];

        var list = new Sublist<Entry>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var stop = 0;
        var readers = Enumerable.Range(0, 3).Select(r => new Thread(() =>
        {
            var local = new Random(r);
            int[] mustHave = new int[entries.Length], mustNotHave = new int[entries.Length];
            while (Volatile.Read(ref stop) == 0)
            {
                var subject = local.Next(4) == 0 ? subjects[local.Next(subjects.Length)] : hot[local.Next(hot.Length)];
                for (var i = 0; i < entries.Length; i++)
                {
                    mustHave[i] = Volatile.Read(ref insertDone[i]);
                    mustNotHave[i] = Volatile.Read(ref removeDone[i]);
                }
                var result = list.Match(subject);
                var got = result.Plain.Concat(result.Queues.SelectMany(q => q)).ToHashSet(ReferenceEqualityComparer.Instance);
                for (var i = 0; i < entries.Length; i++)
                {
                    if (!SubjectPattern.Matches(entries[i].Subject, subject)) continue;
                    var present = got.Contains(entries[i]);
                    if (!present && mustHave[i] > Volatile.Read(ref removeStarted[i]))
                        failures.Enqueue($"{subject}: {entries[i]} was inserted before the match but is missing");
                    if (present && mustNotHave[i] == Volatile.Read(ref insertStarted[i]))
                        failures.Enqueue($"{subject}: {entries[i]} was removed before the match but is there");
                }
            }
        })).ToList();
        readers.ForEach(t => t.Start());
        void Insert(int i)
        {
            Interlocked.Increment(ref insertStarted[i]);
            list.Insert(entries[i]);
            Interlocked.Increment(ref insertDone[i]);
        }
        void Remove(int i)
        {
            Interlocked.Increment(ref removeStarted[i]);
            Assert.True(list.Remove(entries[i]));
            Interlocked.Increment(ref removeDone[i]);
        }
        for (var i = 0; i < entries.Length; i++) Insert(i);
        for (var round = 0; round < 40; round++)
        {
            for (var i = 0; i < entries.Length; i++) if (Churns(i)) Remove(i);
            for (var i = 0; i < entries.Length; i++) if (Churns(i)) Insert(i);
        }
        for (var i = 0; i < entries.Length; i++) if (Churns(i)) Remove(i);
        Volatile.Write(ref stop, 1);
        readers.ForEach(t => t.Join());

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(5)));
        var live = entries.Where((_, i) => !Churns(i)).ToList();
        Assert.Equal(live.Count, list.Count);
        Assert.True(list.CacheCount <= SublistCache<Entry>.MaxEntries + 3, $"cache holds {list.CacheCount}");
        foreach (var subject in subjects.Distinct())
        {
            var r = list.Match(subject);
            var expected = live.Where(e => SubjectPattern.Matches(e.Subject, subject)).ToHashSet(ReferenceEqualityComparer.Instance);
            Assert.True(expected.SetEquals(r.Plain.Concat(r.Queues.SelectMany(q => q))), subject);
        }
        Assert.Equal(live.Count, list.All().Count);
    }

    [Theory]
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "foo.bar", false)]
    [InlineData("foo.bar", "foo", false)]
    [InlineData("*", "foo", true)]
    [InlineData("*", "foo.bar", false)]
    [InlineData(">", "foo.bar", true)]
    [InlineData("foo.>", "foo", false)]
    [InlineData("foo.>", "foo.bar.baz", true)]
    [InlineData("foo.*.baz", "foo.x.baz", true)]
    [InlineData("foo.*.baz", "foo.x.bax", false)]
    [InlineData("foo*", "foox", false)]
    [InlineData("foo*", "foo*", true)]
    [InlineData("a.", "a.", true)]
    [InlineData("a.*", "a.", true)]
    [InlineData("a.>", "a.", true)]
    public void A_pattern_matches_token_by_token(string pattern, string subject, bool matches)
    {
        Assert.Equal(matches, SubjectPattern.Matches(pattern, subject));
        Assert.Equal(pattern.Split('.').Any(t => t is "*" or ">"), SubjectPattern.HasWildcard(pattern));
    }
}
