using System.Text;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Security;

/// <summary>
/// Thousands of malformed CONNECT documents and credential strings against a server that requires
/// authentication: none is let in, none breaks the server, and a proper client still gets in after.
/// </summary>
public class ConnectFuzzTests
{
    private const string Valid = """{"verbose":false,"pedantic":false,"user":"alice","pass":"s3cret","name":"fuzz","jwt":"eyJ0eXAiOiJKV1QifQ.e30.sig","nkey":"UANABB4P26NWFXLBOGU3JU5JDQBFDT4HCP2ZILQZZ5RWFEKPPJHPBADB","sig":"AAAA"}""";

    private static string Mutate(Random rng, string source)
    {
        var chars = source.ToCharArray().ToList();
        var edits = rng.Next(1, 8);
        for (var i = 0; i < edits && chars.Count > 0; i++)
        {
            var at = rng.Next(chars.Count);
            switch (rng.Next(4))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, (char)rng.Next(0x20, 0x7f)); break;
                case 2: chars[at] = "{}[]\":,\\0123456789"[rng.Next(18)]; break;
                default: chars.InsertRange(at, "\"pass\":\"s3cret\",".ToCharArray()); break;
            }
        }
        return new string([.. chars]).Replace("\r", "").Replace("\n", "");
    }

    [Fact]
    public async Task Malformed_connects_are_never_accepted_and_the_server_carries_on()
    {
        var server = new NatsServer(new ServerOptions
        {
            Users = [new UserOptions { User = "alice", Password = "right-password" }],
        });
        var rng = new Random(20261122);
        for (var i = 0; i < 3000; i++)
        {
            var document = i % 3 == 0
                ? $$"""{"verbose":false,"jwt":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(Mutate(rng, "eyJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJzdWIiOiJVQSJ9")))}}","sig":"{{Mutate(rng, "c2lnbmF0dXJl")}}"}"""
                : Mutate(rng, Valid);
            await using var c = new InMemoryConnection(server, quietConnect: false);
            await c.SendAsync($"CONNECT {document}\r\nPING\r\n");
            var received = await c.ReadToEndAsync();
            Assert.DoesNotContain("PONG", received);
        }
        Assert.Equal(0, server.ClientCount);

        await using var proper = new InMemoryConnection(server, quietConnect: false);
        await proper.SendAsync("CONNECT {\"verbose\":false,\"user\":\"alice\",\"pass\":\"right-password\"}\r\nPING\r\n");
        await proper.ReadUntilAsync("PONG");
    }
}
