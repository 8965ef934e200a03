using System.Runtime.CompilerServices;

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// What every store does the same way: sequences, the stream counters, the per-subject index, limits and
/// discard policies, purges, filtered counts and max_age expiry. A store only says how to keep and find
/// messages (the abstract primitives, all called under <see cref="Sync"/>), so both stores behave alike by
/// construction and the one contract suite checks both.
/// </summary>
public abstract partial class StreamStoreBase : IStreamStore
{
    /// <summary>Guards all stream state. Lock order: a stream's lock, then a consumer's.</summary>
    private protected readonly Lock Sync = new();
    private protected readonly TimeProvider Clock;
    private protected readonly SubjectIndex Subjects = new();
    private protected StreamStoreConfig Cfg;
    private protected ulong Msgs, Bytes, FirstSeq, LastSeq;
    private protected long FirstTs, LastTs;
    private protected bool Closed;
    private protected readonly Dictionary<string, ConsumerStore> ConsumerMap = new(StringComparer.Ordinal);
    private ITimer? _ageTimer;
    private bool _ageTimerArmed;

    private protected StreamStoreBase(StreamStoreConfig config, TimeProvider? clock)
    {
        Cfg = config;
        Clock = clock ?? TimeProvider.System;
        FirstSeq = 1;
    }

    public abstract StorageType Type { get; }

    public StreamStoreConfig Config
    {
        get { lock (Sync) return Cfg; }
    }

    // ---- What a store provides (called with Sync held) ----

    /// <summary>The size a message counts for against max_bytes (each store counts as nats-server's of its kind).</summary>
    private protected abstract ulong MsgSize(int subjectLength, int headerLength, int dataLength);
    private protected abstract void WriteMsg(string subject, ulong seq, long ts, ulong size, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data);
    private protected abstract bool ReadMsg(ulong seq, StoreMsg into);
    private protected abstract bool ReadMeta(ulong seq, out string subject, out ulong size, out long ts);
    private protected abstract void DeleteMsg(ulong seq, bool erase);
    /// <summary>Deletes every message in [first, last]; the caller has already updated counters and index.</summary>
    private protected abstract void DeleteRange(ulong first, ulong last);
    /// <summary>The first stored sequence in [from, to] whose subject matches the filter (null: any); 0 if none.</summary>
    private protected abstract ulong NextSeq(ulong from, ulong to, string? filter);
    /// <summary>The last stored sequence in [downTo, from] whose subject matches the filter (null: any); 0 if none.</summary>
    private protected abstract ulong PrevSeq(ulong from, ulong downTo, string? filter);
    private protected delegate bool MetaVisitor(ulong seq, string subject, ulong size, long ts);
    /// <summary>Visits the stored messages in [first, last] in sequence order until the visitor returns false.</summary>
    private protected abstract void Scan(ulong first, ulong last, MetaVisitor visit);

    /// <summary>A task that completes when what was just written is durable; null when it already is.</summary>
    private protected virtual Task? DurableLocked() => null;
    /// <summary>Makes everything written so far durable before returning.</summary>
    private protected virtual void CommitLocked() { }
    private protected virtual void OnConfigChanged() { }
    private protected virtual void OnConsumerCreated(ConsumerStore consumer) { }
    private protected virtual void OnConsumerDeleted(ConsumerStore consumer) { }
    internal virtual void OnConsumerChanged(ConsumerStore consumer) { }

    // ---- Storing ----

    public ValueTask<StoreResult> StoreMsgAsync(string subject, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data)
    {
        StoreResult result;
        Task? durable;
        try
        {
            lock (Sync)
            {
                result = StoreLocked(subject, header, data);
                durable = result.Ok ? DurableLocked() : null;
            }
        }
        catch (Exception e)
        {
            return ValueTask.FromException<StoreResult>(e as StoreException ?? new StoreException($"stream {Cfg.Name}: {e.Message}", e));
        }
        return durable is null || durable.IsCompletedSuccessfully ? new(result) : AwaitDurable(durable, result);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<StoreResult> AwaitDurable(Task durable, StoreResult result)
    {
        await durable.ConfigureAwait(false);
        return result;
    }

    private StoreResult StoreLocked(string subject, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data)
    {
        if (Closed) return StoreResult.Refused(StoreError.Closed);
        var size = MsgSize(System.Text.Encoding.UTF8.GetByteCount(subject), header.Length, data.Length);
        var ss = Subjects.Find(subject);
        var maxp = Cfg.MaxMsgsPerSubject;
        var atSubjectLimit = maxp > 0 && ss is not null && ss.Msgs >= (ulong)maxp;

        if (Cfg.Discard == DiscardPolicy.New)
        {
            // A rollup purges the subject after storing, so it may pass a full subject.
            if (atSubjectLimit && Cfg.DiscardNewPerSubject && !NatsHeaderScan.Has(header.Span, "Nats-Rollup"u8))
                return StoreResult.Refused(StoreError.MaxMsgsPerSubject);
            // At a subject's limit the new message replaces that subject's oldest, so the totals do not grow.
            if (Cfg.MaxMsgs > 0 && Msgs >= (ulong)Cfg.MaxMsgs && !atSubjectLimit)
                return StoreResult.Refused(StoreError.MaxMsgs);
            if (Cfg.MaxBytes > 0 && Bytes + size > (ulong)Cfg.MaxBytes)
            {
                if (!atSubjectLimit) return StoreResult.Refused(StoreError.MaxBytes);
                Refresh(ss!);
                if (!ReadMeta(ss!.First, out _, out var oldest, out _) || oldest < size)
                    return StoreResult.Refused(StoreError.MaxBytes);
            }
        }

        var seq = LastSeq + 1;
        var ts = NowNanos();
        var interned = ss?.Subject ?? subject;
        WriteMsg(interned, seq, ts, size, header, data);
        if (Msgs == 0)
        {
            FirstSeq = seq;
            FirstTs = ts;
        }
        Msgs++;
        Bytes += size;
        LastSeq = seq;
        LastTs = ts;

        if (ss is null) Subjects.Add(subject, seq);
        else
        {
            ss.Msgs++;
            ss.Last = seq;
            ss.LastStale = false;
            if (maxp > 0 && ss.Msgs > (ulong)maxp) EnforceSubjectLimit(ss);
        }
        EnforceMsgAndByteLimits();
        ArmAgeTimer();
        return new StoreResult(seq, ts, StoreError.None);
    }

    public ulong SkipMsg()
    {
        lock (Sync)
        {
            if (Closed) return 0;
            LastSeq++;
            LastTs = NowNanos();
            if (Msgs == 0)
            {
                FirstSeq = LastSeq + 1;
                FirstTs = 0;
            }
            CommitLocked();
            return LastSeq;
        }
    }

    // ---- Limits ----

    private void EnforceSubjectLimit(SubjectState ss)
    {
        var maxp = (ulong)Cfg.MaxMsgsPerSubject;
        while (ss.Msgs > maxp)
        {
            Refresh(ss);
            if (!RemoveLocked(ss.First, erase: false)) break;
        }
    }

    private void EnforceMsgAndByteLimits()
    {
        if (Cfg.Discard != DiscardPolicy.Old) return;
        if (Cfg.MaxMsgs > 0)
            while (Msgs > (ulong)Cfg.MaxMsgs && RemoveLocked(FirstSeq, erase: false)) { }
        if (Cfg.MaxBytes > 0)
            while (Bytes > (ulong)Cfg.MaxBytes && RemoveLocked(FirstSeq, erase: false)) { }
    }

    public void UpdateConfig(StreamStoreConfig config)
    {
        lock (Sync)
        {
            if (Closed) return;
            Cfg = config;
            if (config.MaxMsgsPerSubject > 0)
            {
                var over = new List<SubjectState>();
                foreach (var (_, ss) in Subjects)
                    if (ss.Msgs > (ulong)config.MaxMsgsPerSubject) over.Add(ss);
                foreach (var ss in over) EnforceSubjectLimit(ss);
            }
            EnforceMsgAndByteLimits();
            _ageTimerArmed = false;
            ArmAgeTimer();
            OnConfigChanged();
            CommitLocked();
        }
    }

    // ---- Removing ----

    public bool RemoveMsg(ulong seq) => Remove(seq, erase: false);

    public bool EraseMsg(ulong seq) => Remove(seq, erase: true);

    private bool Remove(ulong seq, bool erase)
    {
        lock (Sync)
        {
            if (Closed || !RemoveLocked(seq, erase)) return false;
            CommitLocked();
            return true;
        }
    }

    private protected bool RemoveLocked(ulong seq, bool erase)
    {
        if (seq < FirstSeq || seq > LastSeq || !ReadMeta(seq, out var subject, out var size, out _)) return false;
        DeleteMsg(seq, erase);
        Msgs--;
        Bytes = size > Bytes ? 0 : Bytes - size;
        Subjects.Remove(subject, seq);
        if (seq == FirstSeq) AdvanceFirst(seq + 1);
        return true;
    }

    /// <summary>Moves the first sequence to the first stored message at or after <paramref name="from"/>.</summary>
    private protected void AdvanceFirst(ulong from)
    {
        var next = Msgs == 0 ? 0 : NextSeq(from, LastSeq, null);
        if (next == 0 || !ReadMeta(next, out _, out _, out var ts))
        {
            FirstSeq = LastSeq + 1;
            FirstTs = 0;
        }
        else
        {
            FirstSeq = next;
            FirstTs = ts;
        }
    }

    /// <summary>Finds a subject's stale bounds again.</summary>
    private protected void Refresh(SubjectState ss)
    {
        if (ss.FirstStale)
        {
            var first = NextSeq(Math.Max(ss.First, FirstSeq), ss.LastStale ? LastSeq : ss.Last, ss.Subject);
            if (first != 0) ss.First = first;
            ss.FirstStale = false;
        }
        if (ss.LastStale)
        {
            var last = PrevSeq(Math.Min(ss.Last, LastSeq), ss.First, ss.Subject);
            if (last != 0) ss.Last = last;
            ss.LastStale = false;
        }
    }

    // ---- max_age ----

    private protected long NowNanos() => (Clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Arms the expiry timer for the oldest message, if max_age is set and it is not armed yet.</summary>
    private protected void ArmAgeTimer()
    {
        if (_ageTimerArmed || Cfg.MaxAge <= TimeSpan.Zero || Msgs == 0 || Closed) return;
        var dueNanos = FirstTs + Cfg.MaxAge.Ticks * 100 - NowNanos();
        var due = TimeSpan.FromTicks(Math.Max(0, dueNanos / 100));
        _ageTimerArmed = true;
        // Created idle, then set: a clock may run a due callback inside Change, and it must find this timer.
        _ageTimer ??= Clock.CreateTimer(static s => ((StreamStoreBase)s!).ExpireMsgs(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ageTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The timer's work: drops the messages older than max_age, then waits for the next oldest.</summary>
    private void ExpireMsgs()
    {
        lock (Sync)
        {
            _ageTimerArmed = false;
            if (Closed || Cfg.MaxAge <= TimeSpan.Zero) return;
            var oldest = NowNanos() - Cfg.MaxAge.Ticks * 100;
            var removed = false;
            while (Msgs > 0 && FirstTs <= oldest && RemoveLocked(FirstSeq, erase: false)) removed = true;
            if (removed) CommitLocked();
            ArmAgeTimer();
        }
    }

    // ---- Consumers ----

    public IConsumerStore ConsumerStore(string name, long created, ConsumerStoreConfig config)
    {
        lock (Sync)
        {
            ObjectDisposedException.ThrowIf(Closed, this);
            if (ConsumerMap.TryGetValue(name, out var existing))
            {
                existing.UpdateConfig(config);
                return existing;
            }
            var consumer = new ConsumerStore(this, name, created, config);
            ConsumerMap[name] = consumer;
            OnConsumerCreated(consumer);
            CommitLocked();
            return consumer;
        }
    }

    public IReadOnlyList<IConsumerStore> Consumers
    {
        get { lock (Sync) return [.. ConsumerMap.Values]; }
    }

    internal void RemoveConsumer(ConsumerStore consumer)
    {
        lock (Sync)
        {
            if (!ConsumerMap.Remove(consumer.Name) || Closed) return;
            OnConsumerDeleted(consumer);
            CommitLocked();
        }
    }

    // ---- Life ----

    public abstract void Delete();

    public void Dispose()
    {
        lock (Sync)
        {
            if (Closed) return;
            CommitLockedQuietly();
            Closed = true;
            _ageTimer?.Dispose();
            _ageTimer = null;
        }
        Close();
        GC.SuppressFinalize(this);
    }

    private void CommitLockedQuietly()
    {
        try { CommitLocked(); }
        catch (StoreException) { /* a store that cannot commit at close has already failed its callers */ }
    }

    /// <summary>Releases what the store holds (files, buffers); runs once, after <see cref="Closed"/> is set.</summary>
    private protected abstract void Close();
}
