using System.Text;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Security;
using WebBroker.Broker.Server;
using WebBroker.Broker.Subjects;
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
    private const string Quiet = "\"verbose\":false,\"pedantic\":false";

    [Fact]
    public async Task Routing_a_message_allocates_nothing_per_message()
    {
        var perMessage = await MeasureAsync(new ServerOptions(), $"CONNECT {{{Quiet}}}\r\n");
        Assert.True(perMessage < 2, $"{perMessage:F2} bytes allocated per routed message");
    }

    [Fact]
    public async Task A_publisher_in_an_account_that_exports_allocates_nothing_per_message()
    {
        var options = new ServerOptions
        {
            Users = [new UserOptions { User = "a", Password = "a", Account = "A" }],
            Accounts =
            [
                new AccountOptions { Name = "A", Exports = [new ExportOptions { Subject = "events.>" }, new ExportOptions { Subject = "svc.>", IsService = true }] },
                new AccountOptions { Name = "B", Imports = [new ImportOptions { Account = "A", Subject = "events.>" }, new ImportOptions { Account = "A", Subject = "svc.>", IsService = true }] },
            ],
        };
        var perMessage = await MeasureAsync(options, $"CONNECT {{{Quiet},\"user\":\"a\",\"pass\":\"a\"}}\r\n");
        Assert.True(perMessage <= 8, $"{perMessage:F2} bytes allocated per routed message");
    }

    [Fact]
    public async Task An_unrelated_mapping_allocates_nothing_per_message()
    {
        var options = new ServerOptions
        {
            Mappings = [new MappingOptions { Source = "orders.*", Destinations = [new WeightedDestination { Subject = "mapped.$1" }] }],
        };
        var perMessage = await MeasureAsync(options, $"CONNECT {{{Quiet}}}\r\n");
        Assert.True(perMessage <= 8, $"{perMessage:F2} bytes allocated per routed message");
    }

    [Fact]
    public async Task A_user_with_publish_permissions_allocates_nothing_per_message()
    {
        var options = new ServerOptions
        {
            Users =
            [
                new UserOptions
                {
                    User = "p", Password = "p",
                    Permissions = new PermissionOptions { Publish = new SubjectPermission { Allow = ["bench.>"], Deny = ["bench.secret"] } },
                },
            ],
        };
        var perMessage = await MeasureAsync(options, $"CONNECT {{{Quiet},\"user\":\"p\",\"pass\":\"p\"}}\r\n");
        Assert.True(perMessage <= 8, $"{perMessage:F2} bytes allocated per routed message");
    }

    /// <summary>Bytes allocated per message while one client publishes and another receives it twice
    /// (a plain and a queue subscription), both connected with <paramref name="connect"/>.</summary>
    private static async Task<double> MeasureAsync(ServerOptions options, string connect)
    {
        var server = new NatsServer(options);
        await using var sub = new InMemoryConnection(server, quietConnect: false, inline: true);
        await using var pub = new InMemoryConnection(server, quietConnect: false, inline: true);
        await pub.SendAsync(connect + "PING\r\n");
        await pub.ReadUntilAsync("PONG");
        await sub.SendAsync(connect + "SUB bench.* 1\r\nSUB bench.x q 2\r\nPING\r\n");
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
        return allocated / (double)(25 * PerBatch);
    }
}
