using System.Buffers;
using WebBroker.Broker.Protocol;

namespace WebBroker.Broker.Clients;

/// <summary>
/// The client's side of parsing: <see cref="ProtocolFramer"/> cuts the input into operations,
/// <see cref="ProtocolParser"/> names each one, <see cref="VerbTable"/> says which a client may send,
/// and this part carries them out.
/// </summary>
public sealed partial class NatsClient
{
    private protected override ParseStatus Parse(ref ReadOnlySequence<byte> buffer) => _framer.Parse(new Operations(this), ref buffer);

    /// <summary>The client as the framer's handler; a struct, so that the framer's calls are direct.</summary>
    private readonly struct Operations(NatsClient client) : IOperationHandler
    {
        public int LineLimit => client._server.Options.MaxControlLine + 16;
        public int HandleOperation(ReadOnlySpan<byte> line, ReadOnlySpan<byte> after, out ParseStatus status, out int needed) =>
            client.HandleOperation(line, after, out status, out needed);
        public ParseStatus LineTooLong() => Fail(client.ControlLineTooLong());
        public ParseStatus Incomplete(ReadOnlySpan<byte> start) => client.CheckIncomplete(start);
    }

    /// <summary>
    /// Handles one operation given its control line (without '\n') and the contiguous bytes after it.
    /// Returns the payload bytes used after the line (0 for most operations), or -1 when the operation
    /// needs <paramref name="needed"/> bytes after the line and fewer are there, or it closed the connection
    /// (then <paramref name="status"/> is Close).
    /// </summary>
    private int HandleOperation(ReadOnlySpan<byte> line, ReadOnlySpan<byte> after, out ParseStatus status, out int needed)
    {
        status = ParseStatus.NeedMore;
        needed = 0;
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        var op = ProtocolParser.Classify(line, out var args);
        // An unknown operation may be a mistyped CONNECT: it is redacted too.
        if (Tracing) TraceIn(line, op is Verb.Connect or Verb.Unknown);
        if (op != Verb.Unknown && args.Length > _server.Options.MaxControlLine)
            return Fail(ControlLineTooLong(), out status);
        if (AwaitingAuth && op != Verb.Connect)
        {
            Close(ClosedReason.AuthenticationViolation, ProtocolErrors.AuthorizationViolation);
            return Fail(false, out status);
        }
        // A verb of another kind (a route's RS+, a leaf node's LMSG) is an unknown operation from a client.
        if (!VerbTable.Allows(_verbs, op)) op = Verb.Unknown;
        switch (op)
        {
            case Verb.Pub:
            case Verb.Hpub:
                return ProcessPub(args, op == Verb.Hpub, after, out status, out needed);
            case Verb.Sub:
                return ProcessSub(args) ? 0 : Fail(false, out status);
            case Verb.Unsub:
                return ProcessUnsub(args) ? 0 : Fail(false, out status);
            case Verb.Ping:
                Reply(ProtocolLiterals.Pong);
                SendPendingInfo();
                return 0;
            case Verb.Pong:
                ProcessPong();
                return 0;
            case Verb.Connect:
                return ProcessConnect(args) ? 0 : Fail(false, out status);
            case Verb.Info:
            case Verb.Ok:
                return 0;
            case Verb.Err:
                Close(ClosedReason.ClientClosed);
                return Fail(false, out status);
            default:
                Close(ClosedReason.ParseError, ProtocolErrors.UnknownOperation);
                return Fail(false, out status);
        }
    }

    /// <summary>Credentials are required and CONNECT has not brought them yet.</summary>
    private bool AwaitingAuth => !_connectReceived && !Trusted && _server.Authenticator.Required(Transport);

    /// <summary>
    /// An unfinished line, judged as nats-server judges it byte by byte: before CONNECT on a server that
    /// requires credentials, anything but a CONNECT is refused as an authorization violation; otherwise a
    /// line no client verb can begin with (a route's RS+, a stray byte) is refused at once rather than
    /// waited for.
    /// </summary>
    private ParseStatus CheckIncomplete(ReadOnlySpan<byte> start)
    {
        if (AwaitingAuth && !start.IsEmpty && (start[0] | 0x20) != 'c')
        {
            Close(ClosedReason.AuthenticationViolation, ProtocolErrors.AuthorizationViolation);
            return ParseStatus.Close;
        }
        if (VerbTable.CouldBegin(_verbs, start)) return ParseStatus.NeedMore;
        if (Tracing) TraceIn(start, mayHoldSecrets: true);
        Close(ClosedReason.ParseError, ProtocolErrors.UnknownOperation);
        return ParseStatus.Close;
    }

    private static int Fail(bool _, out ParseStatus status)
    {
        status = ParseStatus.Close;
        return -1;
    }

    private static ParseStatus Fail(bool _) => ParseStatus.Close;

    private bool ControlLineTooLong()
    {
        Close(ClosedReason.MaxControlLineExceeded, ProtocolErrors.MaxControlLine);
        return false;
    }
}
