using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace WebBroker.Broker.Subjects;

/// <summary>What the subject index needs to know of an entry.</summary>
public interface ISublistEntry
{
    string Subject { get; }
    string? Queue { get; }
}

/// <summary>
/// The subject index: a trie of tokens with '*' and '>' slots, plain and queue subscribers per node,
/// and a bounded match cache (<see cref="SublistCache{T}"/>).
/// </summary>
/// <remarks>
/// Publishers never take a lock: a cached subject costs one dictionary lookup, and a miss walks the
/// trie lock-free and offers its result to the cache. Only SUB/UNSUB (inserts and removes) take the
/// writer lock, among themselves. The trie is safe to read while it changes: children live in
/// concurrent dictionaries, and a node's subscribers are immutable arrays replaced whole.
/// </remarks>
public sealed class Sublist<T> where T : class, ISublistEntry
{
    private const int StackSubjectChars = 512;
    private const int StackTokens = 32;

    [ThreadStatic] private static List<(T[] Plain, QueueGroup[] Queues)>? t_found;

    private readonly Lock _writeLock = new();
    private readonly Level _root = new();
    private readonly SublistCache<T> _cache = new();
    private readonly StripedCounter? _matches;
    private readonly StripedCounter? _misses;
    private int _count;
    private long _inserts;
    private long _removes;

    /// <param name="countMatches">Keep the match and cache-hit counters of /subsz (account sublists do;
    /// a client's permission lists need not pay for them).</param>
    public Sublist(bool countMatches = true)
    {
        if (!countMatches) return;
        _matches = new StripedCounter();
        _misses = new StripedCounter();
    }

    public int Count => Volatile.Read(ref _count);
    public long Inserts => Volatile.Read(ref _inserts);
    public long Removes => Volatile.Read(ref _removes);
    public int CacheCount => _cache.Count;

    public void Insert(T entry)
    {
        lock (_writeLock)
        {
            var level = _root;
            Node? node = null;
            foreach (var token in entry.Subject.Split('.'))
            {
                node = level.GetOrAdd(token);
                level = node.Next ??= new Level();
            }
            node!.Add(entry);
            Volatile.Write(ref _count, _count + 1);
            Volatile.Write(ref _inserts, _inserts + 1);
            _cache.Invalidate(entry.Subject);
        }
    }

    public bool Remove(T entry)
    {
        lock (_writeLock)
        {
            var tokens = entry.Subject.Split('.');
            var path = new (Level Level, string Token, Node Node)[tokens.Length];
            var level = _root;
            for (var i = 0; i < tokens.Length; i++)
            {
                var node = level.Find(tokens[i]);
                if (node is null) return false;
                path[i] = (level, tokens[i], node);
                if (i < tokens.Length - 1)
                {
                    if (node.Next is null) return false;
                    level = node.Next;
                }
            }
            if (!path[^1].Node.Remove(entry)) return false;
            Volatile.Write(ref _count, _count - 1);
            Volatile.Write(ref _removes, _removes + 1);
            // Prune nodes left empty so that churn (inboxes) does not grow the trie forever. A reader
            // still inside a pruned node only finds it empty.
            for (var i = path.Length - 1; i >= 0; i--)
            {
                var (parent, token, node) = path[i];
                if (!node.IsEmpty || (node.Next is not null && !node.Next.IsEmpty)) break;
                parent.RemoveChild(token);
            }
            _cache.Invalidate(entry.Subject);
            return true;
        }
    }

    /// <summary>Every entry whose subject matches the literal subject given as UTF-8 bytes.</summary>
    [SkipLocalsInit]
    public SublistResult<T> Match(ReadOnlySpan<byte> subject)
    {
        char[]? rented = null;
        var chars = subject.Length <= StackSubjectChars
            ? stackalloc char[subject.Length]
            : (rented = ArrayPool<char>.Shared.Rent(subject.Length));
        try
        {
            var n = Encoding.UTF8.GetChars(subject, chars);
            return Match(chars[..n]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    public SublistResult<T> Match(string subject) => Match(subject.AsSpan());

    public SublistResult<T> Match(ReadOnlySpan<char> subject)
    {
        _matches?.Increment();
        if (_cache.TryGet(subject, out var cached)) return cached;
        _misses?.Increment();
        var generation = _cache.Generation;
        var result = Collect(subject);
        if (_cache.Admit(subject)) _cache.Add(subject, result, generation);
        return result;
    }

    /// <summary>The counters of /subsz, read without stopping publishers or subscribers.</summary>
    public SublistStats Stats()
    {
        var (entries, totalFanout, maxFanout) = _cache.Fanout();
        long matches = _matches?.Read() ?? 0, misses = _misses?.Read() ?? 0;
        return new SublistStats(Count, CacheCount, Inserts, Removes, matches, Math.Max(0, matches - misses), maxFanout, totalFanout, entries);
    }

    /// <summary>Every entry in the index, walked lazily without a lock (for monitoring, which pages
    /// through it): entries added or removed during the walk may or may not be seen. The order is the
    /// trie's and stays the same while the index does not change.</summary>
    public IEnumerable<T> Enumerate() => _root.Enumerate();

    /// <summary>Every entry in the index (for monitoring); a snapshot taken as <see cref="Enumerate"/> walks.</summary>
    public List<T> All() => [.. Enumerate()];

    [SkipLocalsInit]
    private SublistResult<T> Collect(ReadOnlySpan<char> subject)
    {
        var count = subject.Count('.') + 1;
        var tokens = count <= StackTokens ? stackalloc Range[StackTokens] : new Range[count];
        var t = 0;
        var start = 0;
        for (var i = 0; i <= subject.Length; i++)
        {
            if (i < subject.Length && subject[i] != '.') continue;
            tokens[t++] = new Range(start, i);
            start = i + 1;
        }
        var found = t_found ??= [];
        found.Clear();
        MatchLevel(_root, subject, tokens[..t], 0, found);
        return Build(found);
    }

    private static void MatchLevel(Level? level, ReadOnlySpan<char> subject, ReadOnlySpan<Range> tokens, int index, List<(T[], QueueGroup[])> found)
    {
        Node? literal = null, partial = null;
        for (var i = index; i < tokens.Length; i++)
        {
            if (level is null) return;
            if (level.Full is { } full) full.AddTo(found);
            partial = level.Partial;
            if (partial is not null) MatchLevel(partial.Next, subject, tokens, i + 1, found);
            literal = level.Find(subject[tokens[i]]);
            level = literal?.Next;
        }
        literal?.AddTo(found);
        partial?.AddTo(found);
    }

    // Copies what the walk found into one immutable result; nothing is allocated when nobody matched.
    private static SublistResult<T> Build(List<(T[] Plain, QueueGroup[] Queues)> found)
    {
        int plainCount = 0, groupCount = 0;
        foreach (var (plain, queues) in found)
        {
            plainCount += plain.Length;
            groupCount += queues.Length;
        }
        if (plainCount == 0 && groupCount == 0)
        {
            found.Clear();
            return SublistResult<T>.Empty;
        }
        var allPlain = plainCount == 0 ? [] : new T[plainCount];
        var at = 0;
        foreach (var (plain, _) in found)
        {
            plain.CopyTo(allPlain, at);
            at += plain.Length;
        }
        T[][] groups = [];
        if (groupCount > 0)
        {
            // Members of one queue name from several nodes (q.* and q.x) form one group.
            var byName = new Dictionary<string, List<T>>(StringComparer.Ordinal);
            foreach (var (_, queues) in found)
                foreach (var group in queues)
                {
                    if (!byName.TryGetValue(group.Name, out var members)) byName[group.Name] = members = [];
                    members.AddRange(group.Members);
                }
            groups = [.. byName.Values.Select(m => m.ToArray())];
        }
        found.Clear();
        return new SublistResult<T>(allPlain, groups);
    }

    private sealed class QueueGroup(string name, T[] members)
    {
        public readonly string Name = name;
        public readonly T[] Members = members;
    }

    /// <summary>One token's children. Read by publishers without a lock; changed only under the writer lock.</summary>
    private sealed class Level
    {
        private volatile Literals? _literals;
        private volatile Node? _partial;
        private volatile Node? _full;

        public Node? Partial => _partial;
        public Node? Full => _full;
        public bool IsEmpty => (_literals is null || _literals.Nodes.IsEmpty) && _partial is null && _full is null;

        public Node GetOrAdd(string token)
        {
            switch (token)
            {
                case "*": return _partial ??= new Node();
                case ">": return _full ??= new Node();
            }
            var literals = _literals ??= new Literals();
            return literals.Nodes.GetOrAdd(token, static _ => new Node());
        }

        /// <summary>The node for a token of a subscription subject ('*' and '>' are the wildcard slots).</summary>
        public Node? Find(string token) => token switch
        {
            "*" => _partial,
            ">" => _full,
            _ => _literals is { } l && l.Nodes.TryGetValue(token, out var n) ? n : null,
        };

        /// <summary>The literal node for a token of a published subject.</summary>
        public Node? Find(ReadOnlySpan<char> token) =>
            _literals is { } l && l.BySpan.TryGetValue(token, out var n) ? n : null;

        public void RemoveChild(string token)
        {
            switch (token)
            {
                case "*": _partial = null; break;
                case ">": _full = null; break;
                default: _literals?.Nodes.TryRemove(token, out _); break;
            }
        }

        public IEnumerable<T> Enumerate()
        {
            if (_literals is { } literals)
                foreach (var (_, node) in literals.Nodes)
                    foreach (var entry in node.Enumerate()) yield return entry;
            if (_partial is { } partial)
                foreach (var entry in partial.Enumerate()) yield return entry;
            if (_full is { } full)
                foreach (var entry in full.Enumerate()) yield return entry;
        }
    }

    private sealed class Literals
    {
        // One writer at a time (the sublist's writer lock), so one lock stripe and a small start.
        public readonly ConcurrentDictionary<string, Node> Nodes = new(1, 1, StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> BySpan;

        public Literals() => BySpan = Nodes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The subscribers of one subject pattern. The arrays are never changed in place: a writer
    /// publishes a new one, so a reader always sees a whole list.</summary>
    private sealed class Node
    {
        private volatile Level? _next;
        private volatile T[] _plain = [];
        private volatile QueueGroup[] _queues = [];

        public Level? Next
        {
            get => _next;
            set => _next = value;
        }

        public bool IsEmpty => _plain.Length == 0 && _queues.Length == 0;

        public void AddTo(List<(T[], QueueGroup[])> found)
        {
            var plain = _plain;
            var queues = _queues;
            if (plain.Length > 0 || queues.Length > 0) found.Add((plain, queues));
        }

        public void Add(T entry)
        {
            if (entry.Queue is not { } queue)
            {
                _plain = [.. _plain, entry];
                return;
            }
            var queues = _queues;
            var i = Array.FindIndex(queues, g => g.Name == queue);
            if (i < 0)
            {
                _queues = [.. queues, new QueueGroup(queue, [entry])];
                return;
            }
            var copy = (QueueGroup[])queues.Clone();
            copy[i] = new QueueGroup(queue, [.. queues[i].Members, entry]);
            _queues = copy;
        }

        public bool Remove(T entry)
        {
            if (entry.Queue is not { } queue)
            {
                var plain = _plain;
                var at = Array.IndexOf(plain, entry);
                if (at < 0) return false;
                _plain = Without(plain, at);
                return true;
            }
            var queues = _queues;
            var i = Array.FindIndex(queues, g => g.Name == queue);
            if (i < 0) return false;
            var members = queues[i].Members;
            var m = Array.IndexOf(members, entry);
            if (m < 0) return false;
            if (members.Length == 1)
            {
                _queues = Without(queues, i);
                return true;
            }
            var copy = (QueueGroup[])queues.Clone();
            copy[i] = new QueueGroup(queue, Without(members, m));
            _queues = copy;
            return true;
        }

        public IEnumerable<T> Enumerate()
        {
            foreach (var entry in _plain) yield return entry;
            foreach (var group in _queues)
                foreach (var entry in group.Members) yield return entry;
            if (_next is { } next)
                foreach (var entry in next.Enumerate()) yield return entry;
        }

        private static TItem[] Without<TItem>(TItem[] items, int index)
        {
            var copy = new TItem[items.Length - 1];
            items.AsSpan(0, index).CopyTo(copy);
            items.AsSpan(index + 1).CopyTo(copy.AsSpan(index));
            return copy;
        }
    }
}
