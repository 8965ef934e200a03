using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// One prepared statement of the SQLite store, used through SQLite's own API so that binding a payload or
/// reading one is a span copy with no per-call objects (Microsoft.Data.Sqlite's commands take byte arrays).
/// Parameters are bound by position (?1, ?2, ...). After a query, <see cref="Reset"/> before the next use.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(db, sql, out _stmt));
    }

    public SqliteStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    public SqliteStatement Bind(int index, ulong value) => Bind(index, (long)value);

    public SqliteStatement BindBlob(int index, ReadOnlySpan<byte> value)
    {
        // An empty span would bind NULL; a message's empty header or payload is an empty blob.
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_stmt, index, 0) : raw.sqlite3_bind_blob(_stmt, index, value));
        return this;
    }

    public SqliteStatement BindText(int index, string value)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> utf8 = stackalloc byte[max];
            var n = System.Text.Encoding.UTF8.GetBytes(value, utf8);
            Check(raw.sqlite3_bind_text(_stmt, index, utf8[..n]));
        }
        else Check(raw.sqlite3_bind_text(_stmt, index, value));
        return this;
    }

    /// <summary>Steps once: true with a row to read, false when done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        Reset();
        throw Error(rc);
    }

    /// <summary>Runs a statement that returns no rows, and resets it.</summary>
    public void Execute()
    {
        try { while (Step()) { } }
        finally { Reset(); }
    }

    public long Long(int column) => raw.sqlite3_column_int64(_stmt, column);
    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_stmt, column);
    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public void Reset()
    {
        raw.sqlite3_reset(_stmt);
        raw.sqlite3_clear_bindings(_stmt);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw Error(rc);
    }

    private SqliteException Error(int rc) =>
        new(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));

    public void Dispose() => _stmt.Dispose();
}
