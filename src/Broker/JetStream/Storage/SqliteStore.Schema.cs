namespace WebBroker.Broker.JetStream.Storage;

public sealed partial class SqliteStore
{
    private const int SchemaVersion = 1;

    /// <summary>
    /// One database per stream. Messages by sequence (the rowid, so sequence order is the table's order), with an
    /// index by subject then sequence for filtered loads and per-subject bounds; the stream's sequence bounds
    /// (which outlive purged messages); the stream's configuration; consumers with their encoded state.
    /// </summary>
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS msgs (
            seq INTEGER PRIMARY KEY,
            subject TEXT NOT NULL,
            ts INTEGER NOT NULL,
            size INTEGER NOT NULL,
            hdr BLOB NOT NULL,
            data BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS msgs_by_subject ON msgs (subject, seq);
        CREATE TABLE IF NOT EXISTS stream_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            first_seq INTEGER NOT NULL,
            last_seq INTEGER NOT NULL,
            last_ts INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS consumers (
            name TEXT PRIMARY KEY,
            created INTEGER NOT NULL,
            config TEXT NOT NULL,
            state BLOB) WITHOUT ROWID;
        """;

    private const string InsertMsg = "INSERT INTO msgs (seq, subject, ts, size, hdr, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    private const string SelectMsg = "SELECT subject, ts, hdr, data FROM msgs WHERE seq = ?1";
    private const string SelectMeta = "SELECT subject, size, ts FROM msgs WHERE seq = ?1";
    private const string DeleteOne = "DELETE FROM msgs WHERE seq = ?1";
    private const string EraseOne = "UPDATE msgs SET hdr = zeroblob(length(hdr)), data = zeroblob(length(data)) WHERE seq = ?1";
    private const string DeleteBetween = "DELETE FROM msgs WHERE seq BETWEEN ?1 AND ?2";
    private const string NextAny = "SELECT seq FROM msgs WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq LIMIT 1";
    private const string NextOfSubject = "SELECT seq FROM msgs WHERE subject = ?3 AND seq BETWEEN ?1 AND ?2 ORDER BY seq LIMIT 1";
    private const string PrevAny = "SELECT seq FROM msgs WHERE seq BETWEEN ?2 AND ?1 ORDER BY seq DESC LIMIT 1";
    private const string PrevOfSubject = "SELECT seq FROM msgs WHERE subject = ?3 AND seq BETWEEN ?2 AND ?1 ORDER BY seq DESC LIMIT 1";
    private const string ScanRange = "SELECT seq, subject, size, ts FROM msgs WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq";
    private const string ScanRangeDesc = "SELECT seq, subject FROM msgs WHERE seq BETWEEN ?2 AND ?1 ORDER BY seq DESC";
    private const string WriteState = "INSERT OR REPLACE INTO stream_state (id, first_seq, last_seq, last_ts) VALUES (1, ?1, ?2, ?3)";
    private const string UpsertConsumer = "INSERT OR REPLACE INTO consumers (name, created, config, state) VALUES (?1, ?2, ?3, ?4)";
    private const string DeleteConsumerRow = "DELETE FROM consumers WHERE name = ?1";
}
