using System.Collections.Concurrent;
using System.Text.Json;

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// Consumers in the stream's database: one row each with the consumer's config and encoded state. A changed
/// consumer is queued and written once by the next commit, however many acks it took meanwhile.
/// </summary>
public sealed partial class SqliteStore
{
    private readonly ConcurrentQueue<ConsumerStore> _changedConsumers = new();

    private void LoadConsumers()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT name, created, config, state FROM consumers";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var name = r.GetString(0);
            var config = JsonSerializer.Deserialize(r.GetString(2), StorageJsonContext.Default.ConsumerStoreConfig)
                ?? throw new StoreException($"stream store {Path}: consumer {name} has no config");
            var state = r.IsDBNull(3) ? null : ConsumerStateCodec.Decode((byte[])r.GetValue(3));
            ConsumerMap[name] = new ConsumerStore(this, name, r.GetInt64(1), config, state);
        }
    }

    private protected override void OnConsumerCreated(ConsumerStore consumer)
    {
        Volatile.Write(ref consumer.Dirty, 0);
        try { WriteConsumer(consumer); }
        catch (Microsoft.Data.Sqlite.SqliteException e) { throw Fail(e); }
    }

    private protected override void OnConsumerDeleted(ConsumerStore consumer)
    {
        EnsureTransaction();
        try { _deleteConsumer.BindText(1, consumer.Name).Execute(); }
        catch (Microsoft.Data.Sqlite.SqliteException e) { throw Fail(e); }
    }

    internal override void OnConsumerChanged(ConsumerStore consumer)
    {
        if (Interlocked.Exchange(ref consumer.Dirty, 1) != 0) return;
        _changedConsumers.Enqueue(consumer);
        _signal.Writer.TryWrite(0);
    }

    private void FlushConsumersLocked()
    {
        while (_changedConsumers.TryDequeue(out var consumer))
        {
            Volatile.Write(ref consumer.Dirty, 0);
            if (ConsumerMap.TryGetValue(consumer.Name, out var current) && ReferenceEquals(current, consumer))
                WriteConsumer(consumer);
        }
    }

    private void WriteConsumer(ConsumerStore consumer)
    {
        EnsureTransaction();
        var config = JsonSerializer.Serialize(consumer.Config, StorageJsonContext.Default.ConsumerStoreConfig);
        _upsertConsumer.BindText(1, consumer.Name).Bind(2, consumer.Created).BindText(3, config).BindBlob(4, consumer.Encode()).Execute();
    }
}
