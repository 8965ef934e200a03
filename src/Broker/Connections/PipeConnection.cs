using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Connections;

/// <summary>
/// A connection over a duplex pipe (TCP through Kestrel, TLS, WebSocket): the read loop that hands
/// each batch of input to the subclass's parser, the TLS upgrade after INFO, the transport under the
/// outbound buffer, and the final drain. Clients subclass it (<see cref="NatsClient"/>); routes,
/// gateways and leaf nodes will too, each with the verbs of its kind.
/// </summary>
public abstract class PipeConnection : Connection
{
    private protected PipeReader _input;
    private protected PipeWriter _output;
    private readonly Action _abort;

    /// <summary>Cuts the input into operations (and keeps the scratch buffers of those that straddle reads).</summary>
    private protected ProtocolFramer _framer;

    /// <summary>The verbs this connection's kind may send (<see cref="VerbTable"/>), set by the subclass.</summary>
    private protected uint _verbs;

    private protected PipeConnection(NatsServer server, IDuplexPipe transport, ulong id, IPEndPoint? remote, Action abort)
        : base(server, id, remote)
    {
        _input = transport.Input;
        _output = transport.Output;
        ClientCertificate = (transport as Hosting.TlsDuplexPipe)?.ClientCertificate; // handshake_first: TLS came before us
        _abort = abort;
    }

    /// <summary>The certificate the peer presented in the TLS handshake, if any.</summary>
    internal System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; private set; }

    /// <summary>Replaces the transport after INFO (TLS). Set by the host before the connection runs.</summary>
    internal Func<IDuplexPipe, Task<IDuplexPipe>>? Upgrade { get; init; }

    /// <summary>Handles complete operations of <paramref name="buffer"/> (leaving it at the first incomplete one).</summary>
    private protected abstract ParseStatus Parse(ref ReadOnlySequence<byte> buffer);

    private protected async Task ReadLoopAsync()
    {
        while (!IsClosed)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled) break;
            var buffer = result.Buffer;
            var status = ParseStatus.NeedMore;
            try
            {
                if (!buffer.IsEmpty)
                {
                    _lastInTicks = Environment.TickCount64;
                    BeginBatch();
                    status = Parse(ref buffer);
                }
            }
            finally
            {
                // Consumed up to the first incomplete operation. When the batch budget stopped us, the
                // rest is unexamined so that the next read returns it at once.
                _input.AdvanceTo(buffer.Start, status == ParseStatus.Budget ? buffer.Start : result.Buffer.End);
            }
            if (FlushTouched()) await StallAsync().ConfigureAwait(false);
            if (status == ParseStatus.Close || (result.IsCompleted && status != ParseStatus.Budget)) break;
        }
    }

    /// <summary>Catches the ways a transport ends under the read loop: each is a read error.</summary>
    private protected static bool IsTransportEnd(Exception ex) =>
        ex is IOException or ConnectionAbortedException or OperationCanceledException or InvalidOperationException;

    private protected override void OnClosed(ClosedReason reason)
    {
        _input.CancelPendingRead();
        if (reason is ClosedReason.SlowConsumerPendingBytes or ClosedReason.SlowConsumerWriteDeadline)
            _abort();
        else
            FlushOutbound();
    }

    private protected override ValueTask<FlushResult> Transmit(List<(byte[] Buffer, int Length)> chunks)
    {
        foreach (var (buffer, length) in chunks) _output.Write(buffer.AsSpan(0, length));
        return _output.FlushAsync();
    }

    private protected override void Abort() => _abort();

    /// <summary>Waits for INFO to be on the wire, then switches to the upgraded transport. A failed
    /// handshake (a plaintext client on a TLS port, a bad certificate) ends the connection.</summary>
    private protected async Task<bool> UpgradeTransportAsync(Func<IDuplexPipe, Task<IDuplexPipe>> upgrade)
    {
        var deadline = Environment.TickCount64 + 2000;
        while (Volatile.Read(ref _flushing) != 0 || PendingBytes > 0)
        {
            if (Environment.TickCount64 > deadline) break;
            await Task.Delay(1).ConfigureAwait(false);
        }
        try
        {
            var upgraded = await upgrade(new Hosting.DuplexPipe(_input, _output)).ConfigureAwait(false);
            _input = upgraded.Input;
            _output = upgraded.Output;
            if (upgraded is Hosting.TlsDuplexPipe tls) ClientCertificate = tls.ClientCertificate;
            return true;
        }
        catch (Exception ex)
        {
            Logging.BrokerLog.ClientError(_log, Id, Remote?.ToString() ?? "-", $"TLS handshake error: {ex.Message}");
            Close(ClosedReason.TlsHandshakeError);
            return false;
        }
    }

    /// <summary>After the read loop ends: writes what is left, returns the buffers and completes the transport.</summary>
    private protected async Task FinishAsync()
    {
        await DrainOutboundAsync().ConfigureAwait(false);
        _framer.Release();
        await _output.CompleteAsync().ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
    }
}
