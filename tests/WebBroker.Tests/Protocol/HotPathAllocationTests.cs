using System.Text;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Protocol;

[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>The PUB→MSG path must not allocate per message: counted in bytes over a large batch, not timed. The
/// connections run inline, so the routing happens on the test's thread and only that thread's allocations are counted
/// (nothing that other tests' servers or the runtime allocate meanwhile).</summary>
[Collection(nameof(AllocationCollection))]
public class HotPathAllocationTests
{
    [Fact]
    public async Task Routing_a_message_allocates_nothing_per_message()
    {
        var server = new NatsServer(new ServerOptions());
        await using var sub = new InMemoryConnection(server, inline: true);
        await using var pub = new InMemoryConnection(server, inline: true);
        await sub.SendAsync("SUB bench.* 1\r\nSUB bench.x q 2\r\nPING\r\n");
        await sub.ReadUntilAsync("PONG");

        const int PerBatch = 2000;
        var batch = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("PUB bench.x 16\r\n0123456789abcdef\r\n", PerBatch)));
        async Task RunBatches(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await pub.SendAsync(batch);
                await sub.DrainBytesAsync(2 * PerBatch * "MSG bench.x 1 16\r\n0123456789abcdef\r\n".Length);
            }
        }

        await RunBatches(5); // warm up: JIT, pools, match cache
        var thread = Environment.CurrentManagedThreadId;
        var before = GC.GetAllocatedBytesForCurrentThread();
        await RunBatches(25);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(thread == Environment.CurrentManagedThreadId, "the routing left the test's thread: its allocations were not all counted");
        var perMessage = allocated / (double)(25 * PerBatch);
        Assert.True(perMessage < 2, $"{perMessage:F2} bytes allocated per routed message");
    }
}
