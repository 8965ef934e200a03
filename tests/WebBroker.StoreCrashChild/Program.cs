using System.Text;
using WebBroker.Broker.JetStream.Storage;

// Usage: WebBroker.StoreCrashChild <database> <run-id>
// Opens (or recovers) the stream, prints "ready <last-seq>", then stores messages with up to 64 in flight,
// forever, printing "<seq> <payload>" once each store has returned. The parent kills it at a moment of its
// choosing and checks that every printed message is in the file.
var path = args[0];
var run = args[1];
var store = File.Exists(path) ? SqliteStore.Open(path) : SqliteStore.Open(path, new StreamStoreConfig { Name = "CRASH" });
var output = Console.Out;
output.WriteLine($"ready {store.State().LastSeq}");
output.Flush();

var inFlight = new SemaphoreSlim(64);
var header = Encoding.ASCII.GetBytes("NATS/1.0\r\nNats-Msg-Id: x\r\n\r\n");
for (var i = 0L; ; i++)
{
    await inFlight.WaitAsync();
    var payload = $"{run}-{i}";
    _ = StoreOne(payload, i);
}

async Task StoreOne(string payload, long i)
{
    try
    {
        var result = await store.StoreMsgAsync($"crash.{i % 4}", i % 2 == 0 ? header : ReadOnlyMemory<byte>.Empty, Encoding.ASCII.GetBytes(payload));
        lock (output)
        {
            output.WriteLine($"{result.Sequence} {payload}");
            output.Flush();
        }
    }
    finally
    {
        inFlight.Release();
    }
}
