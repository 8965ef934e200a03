using System.Text;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Protocol;

[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>The PUB→MSG path must not allocate per message: counted in bytes over a large batch, not timed.</summary>
[Collection(nameof(AllocationCollection))]
public class HotPathAllocationTests
{
    [Fact]
    public async Task Routing_a_message_allocates_nothing_per_message()
    {
        var server = new NatsServer(new ServerOptions());
        await using var sub = new InMemoryConnection(server);
        await using var pub = new InMemoryConnection(server);
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
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await RunBatches(25);
        var perMessage = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(25 * PerBatch);
        Assert.True(perMessage < 2, $"{perMessage:F2} bytes allocated per routed message");
    }
}
