using Microsoft.Data.Sqlite;

namespace WebBroker.Broker.Security.Jwt;

/// <summary>
/// <c>resolver: { type: full, dir: … }</c>: every account JWT pushed through the system account is kept in
/// an SQLite database in <c>dir</c> (nats-server keeps one file per account there), so updates survive
/// restarts. A newer token replaces an older one; an older one never replaces a newer.
/// </summary>
public sealed class SqliteAccountResolver : IAccountResolver
{
    public const string FileName = "accounts.db";
    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();

    public SqliteAccountResolver(string directory)
    {
        Directory.CreateDirectory(directory);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, FileName) }.ToString());
        _db.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("CREATE TABLE IF NOT EXISTS account_jwt (account TEXT PRIMARY KEY, jwt TEXT NOT NULL, issued_at INTEGER NOT NULL)");
    }

    public bool TracksUpdates => true;

    public string? Fetch(string account)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT jwt FROM account_jwt WHERE account = $a";
            cmd.Parameters.AddWithValue("$a", account);
            return cmd.ExecuteScalar() as string;
        }
    }

    public void Store(string account, string jwt)
    {
        var issued = AccountClaims.From(JwtCodec.DecodeVerified(jwt))?.IssuedAt ?? 0;
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT INTO account_jwt (account, jwt, issued_at) VALUES ($a, $j, $i) " +
                "ON CONFLICT(account) DO UPDATE SET jwt = excluded.jwt, issued_at = excluded.issued_at WHERE excluded.issued_at >= account_jwt.issued_at";
            cmd.Parameters.AddWithValue("$a", account);
            cmd.Parameters.AddWithValue("$j", jwt);
            cmd.Parameters.AddWithValue("$i", issued);
            cmd.ExecuteNonQuery();
        }
    }

    public bool Delete(string account)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "DELETE FROM account_jwt WHERE account = $a";
            cmd.Parameters.AddWithValue("$a", account);
            cmd.ExecuteNonQuery();
            return true;
        }
    }

    public IReadOnlyList<string> List()
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT account FROM account_jwt ORDER BY account";
            using var reader = cmd.ExecuteReader();
            var accounts = new List<string>();
            while (reader.Read()) accounts.Add(reader.GetString(0));
            return accounts;
        }
    }

    private void Execute(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_lock) _db.Dispose();
    }
}
