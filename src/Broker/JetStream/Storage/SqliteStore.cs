using System.Text.Json;
using Microsoft.Data.Sqlite;
using WebBroker.Broker.Subjects;

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// A stream in one SQLite database file (WAL journal). Messages are rows keyed by sequence; everything a
/// stream decides (limits, discard, per-subject counts) is decided in C# by <see cref="StreamStoreBase"/>,
/// SQL only keeps and finds rows. Stores join one open transaction that a committer commits as soon as it
/// runs (group commit), and a store completes only after that commit (see SqliteStore.GroupCommit.cs).
/// </summary>
public sealed partial class SqliteStore : StreamStoreBase
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStatement _insert, _select, _selectMeta, _delete, _erase, _deleteRange;
    private readonly SqliteStatement _nextAny, _nextSubject, _prevAny, _prevSubject, _scan, _scanDesc;
    private readonly SqliteStatement _writeState, _upsertConsumer, _deleteConsumer, _begin, _commit;

    public string Path { get; }
    public SqliteStoreOptions Options { get; }

    private SqliteStore(string path, SqliteConnection connection, StreamStoreConfig config, SqliteStoreOptions options, TimeProvider? clock)
        : base(config, clock)
    {
        Path = path;
        Options = options;
        _connection = connection;
        var db = connection.Handle!;
        _insert = new(db, InsertMsg);
        _select = new(db, SelectMsg);
        _selectMeta = new(db, SelectMeta);
        _delete = new(db, DeleteOne);
        _erase = new(db, EraseOne);
        _deleteRange = new(db, DeleteBetween);
        _nextAny = new(db, NextAny);
        _nextSubject = new(db, NextOfSubject);
        _prevAny = new(db, PrevAny);
        _prevSubject = new(db, PrevOfSubject);
        _scan = new(db, ScanRange);
        _scanDesc = new(db, ScanRangeDesc);
        _writeState = new(db, WriteState);
        _upsertConsumer = new(db, UpsertConsumer);
        _deleteConsumer = new(db, DeleteConsumerRow);
        _begin = new(db, "BEGIN IMMEDIATE");
        _commit = new(db, "COMMIT");
        _window = options.GroupCommitWindow;
        lock (Sync)
        {
            LoadState();
            LoadConsumers();
            ArmAgeTimer();
        }
        _committer = Task.Run(CommitLoopAsync);
    }

    /// <summary>
    /// Opens (or creates) the stream database at <paramref name="path"/>. With a config, it is the stream's
    /// config from now on; without one, the config kept in the file is used (recovery at start-up).
    /// </summary>
    /// <exception cref="StoreException">The file cannot be opened or is not a stream database.</exception>
    public static SqliteStore Open(string path, StreamStoreConfig? config = null, SqliteStoreOptions? options = null, TimeProvider? clock = null)
    {
        options ??= new SqliteStoreOptions();
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Only another process holding the file makes SQLite busy: report it soon rather than retry for 30 s.
            DefaultTimeout = 2,
        }.ToString());
        try
        {
            connection.Open();
            // One connection per file, for the process's life: an exclusive lock taken before WAL is on means
            // SQLite keeps its WAL index in memory and takes no file locks per statement (and a second
            // process cannot open the same stream).
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE");
            var journal = Scalar(connection, "PRAGMA journal_mode=WAL") as string;
            if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreException($"stream store {path}: WAL journal refused ({journal})");
            Execute(connection, options.SyncAlways ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            Execute(connection, Schema);
            var version = Scalar(connection, "SELECT value FROM meta WHERE key = 'schema'") as string;
            if (version is null) Execute(connection, $"INSERT INTO meta (key, value) VALUES ('schema', '{SchemaVersion}')");
            else if (version != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw new StoreException($"stream store {path}: schema version {version} is not {SchemaVersion}");
            if (config is null)
            {
                var json = Scalar(connection, "SELECT value FROM meta WHERE key = 'config'") as string
                    ?? throw new StoreException($"stream store {path}: no stream configuration in the file");
                config = JsonSerializer.Deserialize(json, StorageJsonContext.Default.StreamStoreConfig)
                    ?? throw new StoreException($"stream store {path}: unreadable stream configuration");
            }
            else SaveConfig(connection, config);
            return new SqliteStore(path, connection, config, options, clock);
        }
        catch (Exception e) when (e is SqliteException or JsonException or InvalidOperationException)
        {
            connection.Dispose();
            throw new StoreException($"stream store {path} cannot be opened: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override StorageType Type => StorageType.File;

    /// <summary>As nats-server's file store counts a record: length, sequence, time, subject length and checksum
    /// around subject and payload, plus the header and its length when there is one.</summary>
    private protected override ulong MsgSize(int subjectLength, int headerLength, int dataLength) =>
        headerLength == 0
            ? (ulong)(22 + subjectLength + dataLength + 8)
            : (ulong)(22 + subjectLength + 4 + headerLength + dataLength + 8);

    // ---- Recovery ----

    /// <summary>Rebuilds counters and the subject index from the rows (at open, and after a failed commit).</summary>
    private void LoadState()
    {
        Subjects.Clear();
        Msgs = Bytes = 0;
        ulong minSeq = 0, maxSeq = 0;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT subject, count(*), min(seq), max(seq), sum(size) FROM msgs GROUP BY subject";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var ss = Subjects.Add(r.GetString(0), (ulong)r.GetInt64(2));
                ss.Msgs = (ulong)r.GetInt64(1);
                ss.Last = (ulong)r.GetInt64(3);
                Msgs += ss.Msgs;
                Bytes += (ulong)r.GetInt64(4);
                minSeq = minSeq == 0 ? ss.First : Math.Min(minSeq, ss.First);
                maxSeq = Math.Max(maxSeq, ss.Last);
            }
        }
        ulong keptFirst = 1, keptLast = 0;
        long keptLastTs = 0;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT first_seq, last_seq, last_ts FROM stream_state WHERE id = 1";
            using var r = cmd.ExecuteReader();
            if (r.Read()) (keptFirst, keptLast, keptLastTs) = ((ulong)r.GetInt64(0), (ulong)r.GetInt64(1), r.GetInt64(2));
        }
        LastSeq = Math.Max(keptLast, maxSeq);
        LastTs = maxSeq == LastSeq && maxSeq != 0 && ReadMeta(maxSeq, out _, out _, out var lastTs) ? lastTs : keptLastTs;
        if (Msgs == 0)
        {
            FirstSeq = Math.Max(keptFirst, LastSeq + 1);
            FirstTs = 0;
        }
        else
        {
            FirstSeq = minSeq;
            FirstTs = ReadMeta(minSeq, out _, out _, out var firstTs) ? firstTs : 0;
        }
    }

    private static void SaveConfig(SqliteConnection connection, StreamStoreConfig config)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO meta (key, value) VALUES ('config', $v)";
        cmd.Parameters.AddWithValue("$v", JsonSerializer.Serialize(config, StorageJsonContext.Default.StreamStoreConfig));
        cmd.ExecuteNonQuery();
    }

    private protected override void OnConfigChanged()
    {
        EnsureTransaction();
        try { SaveConfig(_connection, Cfg); }
        catch (SqliteException e) { throw Fail(e); }
    }

    // ---- Rows ----

    private protected override void WriteMsg(string subject, ulong seq, long ts, ulong size, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data)
    {
        EnsureTransaction();
        try
        {
            _insert.Bind(1, seq).BindText(2, subject).Bind(3, ts).Bind(4, size).BindBlob(5, header.Span).BindBlob(6, data.Span).Execute();
        }
        catch (SqliteException e)
        {
            throw Fail(e);
        }
    }

    private protected override bool ReadMsg(ulong seq, StoreMsg into)
    {
        try
        {
            if (!_select.Bind(1, seq).Step()) return false;
            var header = _select.Blob(2);
            var data = _select.Blob(3);
            var buffer = into.Prepare(Subjects.Intern(_select.Blob(0)), seq, _select.Long(1), header.Length, data.Length);
            header.CopyTo(buffer);
            data.CopyTo(buffer.AsSpan(header.Length));
            return true;
        }
        finally { _select.Reset(); }
    }

    private protected override bool ReadMeta(ulong seq, out string subject, out ulong size, out long ts)
    {
        try
        {
            if (_selectMeta.Bind(1, seq).Step())
            {
                subject = Subjects.Intern(_selectMeta.Blob(0));
                size = (ulong)_selectMeta.Long(1);
                ts = _selectMeta.Long(2);
                return true;
            }
            (subject, size, ts) = ("", 0, 0);
            return false;
        }
        finally { _selectMeta.Reset(); }
    }

    private protected override void DeleteMsg(ulong seq, bool erase)
    {
        EnsureTransaction();
        try
        {
            // Erasing overwrites the content before the row goes, so the old bytes do not linger in free pages.
            if (erase) _erase.Bind(1, seq).Execute();
            _delete.Bind(1, seq).Execute();
        }
        catch (SqliteException e)
        {
            throw Fail(e);
        }
    }

    private protected override void DeleteRange(ulong first, ulong last)
    {
        EnsureTransaction();
        try { _deleteRange.Bind(1, first).Bind(2, last).Execute(); }
        catch (SqliteException e) { throw Fail(e); }
    }

    private protected override ulong NextSeq(ulong from, ulong to, string? filter)
    {
        if (from > to) return 0;
        if (SubjectIndex.IsAll(filter)) return First(_nextAny.Bind(1, from).Bind(2, to));
        if (!SubjectIndex.HasWildcard(filter!)) return First(_nextSubject.Bind(1, from).Bind(2, to).BindText(3, filter!));
        return FirstMatch(_scan.Bind(1, from).Bind(2, to), filter!);
    }

    private protected override ulong PrevSeq(ulong from, ulong downTo, string? filter)
    {
        if (from < downTo) return 0;
        if (SubjectIndex.IsAll(filter)) return First(_prevAny.Bind(1, from).Bind(2, downTo));
        if (!SubjectIndex.HasWildcard(filter!)) return First(_prevSubject.Bind(1, from).Bind(2, downTo).BindText(3, filter!));
        return FirstMatch(_scanDesc.Bind(1, from).Bind(2, downTo), filter!);
    }

    private static ulong First(SqliteStatement query)
    {
        try { return query.Step() ? (ulong)query.Long(0) : 0; }
        finally { query.Reset(); }
    }

    /// <summary>The first row (sequence, subject) whose subject matches a wildcard, compared as UTF-8.</summary>
    private static ulong FirstMatch(SqliteStatement query, string filter)
    {
        try
        {
            while (query.Step())
                if (SubjectPattern.Matches(filter, query.Blob(1))) return (ulong)query.Long(0);
            return 0;
        }
        finally { query.Reset(); }
    }

    private protected override void Scan(ulong first, ulong last, MetaVisitor visit)
    {
        if (first > last) return;
        var scan = _scan.Bind(1, first).Bind(2, last);
        try
        {
            while (scan.Step())
                if (!visit((ulong)scan.Long(0), Subjects.Intern(scan.Blob(1)), (ulong)scan.Long(2), scan.Long(3))) return;
        }
        finally { scan.Reset(); }
    }

    /// <summary>The connection's PRAGMA synchronous (1 NORMAL, 2 FULL), for tests of the durability choice.</summary>
    internal long SynchronousMode()
    {
        lock (Sync) return (long)Scalar(_connection, "PRAGMA synchronous")!;
    }

    /// <summary>Caps the file at its current size plus <paramref name="extraPages"/> pages (null: lifts the cap),
    /// so that tests can fill the "disk".</summary>
    internal void CapFileForTests(long? extraPages)
    {
        lock (Sync)
        {
            var pages = (long)Scalar(_connection, "PRAGMA page_count")!;
            var cap = extraPages is { } extra ? pages + extra : 4294967294L;
            Scalar(_connection, $"PRAGMA max_page_count = {cap}");
        }
    }

    // ---- Life ----

    public override void Delete()
    {
        Dispose();
        foreach (var suffix in (string[])["", "-wal", "-shm"])
            File.Delete(Path + suffix);
    }

    private protected override void Close()
    {
        _signal.Writer.TryComplete();
        lock (Sync)
        {
            foreach (var s in (SqliteStatement[])[_insert, _select, _selectMeta, _delete, _erase, _deleteRange, _nextAny,
                _nextSubject, _prevAny, _prevSubject, _scan, _scanDesc, _writeState, _upsertConsumer, _deleteConsumer, _begin, _commit])
                s.Dispose();
            _connection.Dispose();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
