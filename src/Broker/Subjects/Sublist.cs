using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace WebBroker.Broker.Subjects;

/// <summary>What the subject index needs to know of an entry.</summary>
public interface ISublistEntry
{
    string Subject { get; }
    string? Queue { get; }
}

/// <summary>
/// The subject index: a trie of tokens with '*' and '>' slots, plain and queue subscribers per
/// node, and a bounded match cache. Matching a cached subject takes no lock and allocates nothing;
/// any insert or remove empties the cache, so it never serves a stale answer.
/// </summary>
public sealed class Sublist<T> where T : class, ISublistEntry
{
    private const int MaxCacheEntries = 4096;
    private const int StackSubjectChars = 512;

    private readonly Lock _lock = new();
    private readonly Level _root = new();
    private readonly ConcurrentDictionary<string, SublistResult<T>> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SublistResult<T>>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;
    private int _count;

    public Sublist() => _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => Volatile.Read(ref _count);
    public long Inserts => Volatile.Read(ref _inserts);
    public long Removes => Volatile.Read(ref _removes);
    private long _inserts;
    private long _removes;
    public int CacheCount => _cache.Count;

    public void Insert(T entry)
    {
        lock (_lock)
        {
            var level = _root;
            Node? node = null;
            foreach (var token in entry.Subject.Split('.'))
            {
                node = level.GetOrAdd(token);
                level = node.Next ??= new Level();
            }
            node!.Add(entry);
            _count++;
            _inserts++;
            _cache.Clear();
        }
    }

    public bool Remove(T entry)
    {
        lock (_lock)
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
            _count--;
            _removes++;
            _cache.Clear();
            // Prune nodes left empty so that churn (inboxes) does not grow the trie forever.
            for (var i = path.Length - 1; i >= 0; i--)
            {
                var (parent, token, node) = path[i];
                if (!node.IsEmpty || (node.Next is not null && !node.Next.IsEmpty)) break;
                parent.RemoveChild(token);
            }
            return true;
        }
    }

    /// <summary>Every entry whose subject matches the literal subject given as UTF-8 bytes.</summary>
    public SublistResult<T> Match(ReadOnlySpan<byte> subject)
    {
        char[]? rented = null;
        var chars = subject.Length <= StackSubjectChars
            ? stackalloc char[StackSubjectChars]
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
        if (_cacheBySpan.TryGetValue(subject, out var cached)) return cached;
        lock (_lock)
        {
            if (_cacheBySpan.TryGetValue(subject, out cached)) return cached;
            var collector = new Collector();
            var tokens = Tokenize(subject);
            MatchLevel(_root, subject, tokens, 0, collector);
            var result = collector.ToResult();
            if (_cache.Count >= MaxCacheEntries) _cache.Clear();
            _cache[subject.ToString()] = result;
            return result;
        }
    }

    /// <summary>Every entry in the index (for monitoring); a snapshot.</summary>
    public List<T> All()
    {
        var all = new List<T>();
        lock (_lock) _root.CollectAll(all);
        return all;
    }

    private static Range[] Tokenize(ReadOnlySpan<char> subject)
    {
        var count = subject.Count('.') + 1;
        var tokens = new Range[count];
        var start = 0;
        var t = 0;
        for (var i = 0; i <= subject.Length; i++)
        {
            if (i == subject.Length || subject[i] == '.')
            {
                tokens[t++] = new Range(start, i);
                start = i + 1;
            }
        }
        return tokens;
    }

    private static void MatchLevel(Level? level, ReadOnlySpan<char> subject, Range[] tokens, int index, Collector collector)
    {
        Node? literal = null, partial = null;
        for (var i = index; i < tokens.Length; i++)
        {
            if (level is null) return;
            if (level.Full is not null) collector.Add(level.Full);
            partial = level.Partial;
            if (partial is not null) MatchLevel(partial.Next, subject, tokens, i + 1, collector);
            literal = level.Find(subject[tokens[i]]);
            level = literal?.Next;
        }
        if (literal is not null) collector.Add(literal);
        if (partial is not null) collector.Add(partial);
    }

    private sealed class Level
    {
        private Dictionary<string, Node>? _literals;
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

        public Node? Partial { get; private set; }
        public Node? Full { get; private set; }
        public bool IsEmpty => (_literals is null || _literals.Count == 0) && Partial is null && Full is null;

        public Node GetOrAdd(string token)
        {
            switch (token)
            {
                case "*": return Partial ??= new Node();
                case ">": return Full ??= new Node();
            }
            if (_literals is null)
            {
                _literals = new Dictionary<string, Node>(StringComparer.Ordinal);
                _bySpan = _literals.GetAlternateLookup<ReadOnlySpan<char>>();
            }
            if (!_literals.TryGetValue(token, out var node)) _literals[token] = node = new Node();
            return node;
        }

        /// <summary>The node for a token of a subscription subject ('*' and '>' are the wildcard slots).</summary>
        public Node? Find(string token) => token switch
        {
            "*" => Partial,
            ">" => Full,
            _ => _literals is not null && _literals.TryGetValue(token, out var n) ? n : null,
        };

        /// <summary>The literal node for a token of a published subject.</summary>
        public Node? Find(ReadOnlySpan<char> token) =>
            _literals is not null && _bySpan.TryGetValue(token, out var n) ? n : null;

        public void RemoveChild(string token)
        {
            switch (token)
            {
                case "*": Partial = null; break;
                case ">": Full = null; break;
                default: _literals?.Remove(token); break;
            }
        }

        public void CollectAll(List<T> all)
        {
            if (_literals is not null)
                foreach (var node in _literals.Values) node.CollectAll(all);
            Partial?.CollectAll(all);
            Full?.CollectAll(all);
        }
    }

    private sealed class Node
    {
        public Level? Next;
        public readonly List<T> Plain = [];
        public Dictionary<string, List<T>>? Queues;

        public bool IsEmpty => Plain.Count == 0 && (Queues is null || Queues.Count == 0);

        public void Add(T entry)
        {
            if (entry.Queue is null)
            {
                Plain.Add(entry);
                return;
            }
            Queues ??= new Dictionary<string, List<T>>(StringComparer.Ordinal);
            if (!Queues.TryGetValue(entry.Queue, out var members)) Queues[entry.Queue] = members = [];
            members.Add(entry);
        }

        public bool Remove(T entry)
        {
            if (entry.Queue is null) return Plain.Remove(entry);
            if (Queues is null || !Queues.TryGetValue(entry.Queue, out var members)) return false;
            if (!members.Remove(entry)) return false;
            if (members.Count == 0) Queues.Remove(entry.Queue);
            return true;
        }

        public void CollectAll(List<T> all)
        {
            all.AddRange(Plain);
            if (Queues is not null)
                foreach (var members in Queues.Values) all.AddRange(members);
            Next?.CollectAll(all);
        }
    }

    private sealed class Collector
    {
        private readonly List<T> _plain = [];
        private Dictionary<string, List<T>>? _queues;

        public void Add(Node node)
        {
            _plain.AddRange(node.Plain);
            if (node.Queues is null) return;
            _queues ??= new Dictionary<string, List<T>>(StringComparer.Ordinal);
            foreach (var (queue, members) in node.Queues)
            {
                if (!_queues.TryGetValue(queue, out var all)) _queues[queue] = all = [];
                all.AddRange(members);
            }
        }

        public SublistResult<T> ToResult()
        {
            if (_plain.Count == 0 && _queues is null) return SublistResult<T>.Empty;
            var queues = _queues is null ? [] : _queues.Values.Select(m => m.ToArray()).ToArray();
            return new SublistResult<T>(_plain.ToArray(), queues);
        }
    }
}
