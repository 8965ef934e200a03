using System.Text;

namespace WebBroker.ProtocolTests;

/// <summary>
/// Bad input never takes the server down or disturbs other clients. Connections one after another
/// send something broken and hang up (the server must then close them: no hang); after every one,
/// a long-lived subscriber must still get a message from a long-lived publisher.
/// </summary>
public sealed class BadInputRobustnessTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(10);

    /// <summary>A subscriber and a publisher that stay connected through all the abuse.</summary>
    private sealed class Witness : IAsyncDisposable
    {
        private readonly RawClient _subscriber;
        private readonly RawClient _publisher;
        private int _sequence;

        private Witness(RawClient subscriber, RawClient publisher)
        {
            _subscriber = subscriber;
            _publisher = publisher;
        }

        public static async Task<Witness> StartAsync(ServerProcess server)
        {
            var subscriber = await server.ConnectReadyAsync();
            await subscriber.SendAsync("SUB witness.health 1\r\nPING\r\n");
            await subscriber.ExpectLineAsync("PONG");
            return new Witness(subscriber, await server.ConnectReadyAsync());
        }

        public async Task CheckAsync(string after)
        {
            var payload = (++_sequence).ToString();
            try
            {
                await _publisher.SendAsync($"PUB witness.health {payload.Length}\r\n{payload}\r\nPING\r\n");
                await _publisher.ExpectLineAsync("PONG");
                await _subscriber.ExpectMsgAsync("witness.health", "1", payload);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"The witness clients broke after: {after}", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _subscriber.DisposeAsync();
            await _publisher.DisposeAsync();
        }
    }

    /// <summary>Sends <paramref name="input"/> on a fresh connection, hangs up, and waits for the server to close.</summary>
    private static async Task AbuseAsync(ServerProcess server, byte[] input)
    {
        try
        {
            await using var client = await server.ConnectAsync();
            await client.TrySendAsync(input);
            client.ShutdownSend();
            await client.ReadUntilClosedAsync(CloseBound);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"After sending '{Describe(input)}' and hanging up: {e.Message}", e);
        }
    }

    private static string Describe(byte[] input) =>
        RawClient.Escape(RawClient.Latin1.GetString(input, 0, Math.Min(input.Length, 120))) + (input.Length > 120 ? $"... ({input.Length} bytes)" : "");

    private static byte[] Bytes(string text) => RawClient.Latin1.GetBytes(text);

    public static IEnumerable<byte[]> NamedBadInputs()
    {
        yield return Bytes("PUB a -1\r\n");
        yield return Bytes("PUB a 99999999999999999999\r\n");
        yield return Bytes("PUB a 2147483648\r\n");
        yield return Bytes("PUB a 9223372036854775808\r\n");
        yield return Bytes("PUB a -9223372036854775809\r\n");
        yield return Bytes("PUB a 1048576\r\nonly a few bytes");
        yield return Bytes("PUB a 5\r\nab");
        yield return Bytes("CONNECT {\"headers\":true}\r\nHPUB a 99999999999999999999 99999999999999999999\r\n");
        yield return Bytes("CONNECT {\"headers\":true}\r\nHPUB a 10 -5\r\n");
        yield return Bytes("CONNECT {\"headers\":true}\r\nHPUB a 2147483647 2147483647\r\n");
        yield return Bytes("CONNECT {\"headers\":true}\r\nHPUB a 5 10\r\nab");
        yield return Bytes("SUB a b c d e f g\r\n");
        yield return Bytes("UNSUB -1 -1\r\n");
        yield return Bytes("UNSUB 1 99999999999999999999\r\n");
        yield return Bytes("FOO BAR\r\n");
        yield return Bytes("\0\0\0\0\r\n");
        yield return [0xff, 0xfe, 0xfd, 0x0d, 0x0a];
        yield return Bytes("\r\n\r\n\r\n");
        yield return Bytes("PING");
        yield return Bytes("PUB " + new string('a', 100_000));
        yield return Bytes(new string('A', 100_000));
        yield return Bytes("CONNECT " + new string('[', 3000) + "\r\n");
        yield return Bytes("CONNECT {\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1001) + "\r\n");
        yield return Bytes("CONNECT {\"verbose\":true,\"pedantic\":true,\"headers\":true,\"no_responders\":true}\r\nSUB > 1\r\nSUB witness.* q 2\r\n");
        yield return Bytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"SUB many.{i} {i}\r\n")));
        yield return Bytes(string.Concat(Enumerable.Repeat("PING\r\n", 10_000)));
        yield return new byte[1 << 20];
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Broken_sizes_unknown_operations_and_oversized_lines_leave_the_server_serving_others(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var witness = await Witness.StartAsync(server);

        foreach (var input in NamedBadInputs())
        {
            await AbuseAsync(server, input);
            await witness.CheckAsync(Describe(input));
        }
        Assert.False(server.HasExited);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Seeded_random_garbage_leaves_the_server_serving_others(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var witness = await Witness.StartAsync(server);
        var random = new Random(20240611);

        for (var i = 0; i < 300; i++)
        {
            var input = Garbage(random);
            await AbuseAsync(server, input);
            await witness.CheckAsync($"garbage #{i}: '{Describe(input)}'");
        }
        Assert.False(server.HasExited);
    }

    private static readonly string[] Operations =
        ["PUB", "SUB", "UNSUB", "HPUB", "MSG", "HMSG", "CONNECT", "INFO", "PING", "PONG", "+OK", "-ERR", "pub", "sUb", "P", "PU", "H", "X", ""];

    private static readonly string[] Arguments =
    [
        "a", "a.b", "*", ">", "a.>", "a..b", ".", "a.>.b", "_INBOX.x", "q", "\0", "é", new string('s', 300),
        "0", "1", "5", "12", "-1", "-0", "99999999999999999999", "2147483647", "2147483648", "-2147483649",
        "1048576", "1048577", "1x", "+1", "0x10", "{", "{}", "{\"verbose\":true}", "{\"headers\":true}", "{\"protocol\":2}",
    ];

    private static readonly string[] Separators = [" ", "\t", "  ", " \t ", ""];
    private static readonly string[] Terminators = ["\r\n", "\n", "\r", "", "\r\n\r\n"];

    private static readonly string[] ValidConversations =
    [
        "CONNECT {\"verbose\":true,\"pedantic\":true,\"headers\":true}\r\nSUB x.y 1\r\nPUB x.y r 5\r\nhello\r\nUNSUB 1\r\nPING\r\n",
        "CONNECT {\"headers\":true}\r\nSUB h q 7\r\nHPUB h 12 14\r\nNATS/1.0\r\n\r\nhi\r\nUNSUB 7 1\r\n",
        "SUB a 1\r\nSUB b 2\r\nPUB a 3\r\nabc\r\nPUB b 0\r\n\r\nPING\r\nPONG\r\n",
    ];

    /// <summary>Random bytes, a soup of protocol tokens, or a valid conversation with a few bytes broken.</summary>
    private static byte[] Garbage(Random random)
    {
        switch (random.Next(3))
        {
            case 0:
            {
                var bytes = new byte[random.Next(1, 400)];
                random.NextBytes(bytes);
                return bytes;
            }
            case 1:
            {
                var text = new StringBuilder();
                for (var line = random.Next(1, 8); line > 0; line--)
                {
                    text.Append(Pick(random, Operations));
                    for (var arg = random.Next(0, 5); arg > 0; arg--)
                        text.Append(Pick(random, Separators)).Append(Pick(random, Arguments));
                    text.Append(Pick(random, Terminators));
                    if (random.Next(3) == 0) text.Append(new string('p', random.Next(0, 20))).Append(Pick(random, Terminators));
                }
                return Bytes(text.ToString());
            }
            default:
            {
                var bytes = Bytes(Pick(random, ValidConversations)).ToList();
                for (var m = random.Next(1, 4); m > 0 && bytes.Count > 0; m--)
                {
                    var at = random.Next(bytes.Count);
                    switch (random.Next(4))
                    {
                        case 0: bytes[at] = (byte)random.Next(256); break;
                        case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                        case 2: bytes.RemoveAt(at); break;
                        default: bytes.RemoveRange(at, bytes.Count - at); break;
                    }
                }
                return bytes.ToArray();
            }
        }
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
