using Microsoft.Extensions.Logging;

namespace WebBroker.Broker.Logging;

/// <summary>The engine's log lines, source-generated, with stable event ids.</summary>
internal static partial class BrokerLog
{
    [LoggerMessage(1, LogLevel.Debug, "{Remote} - cid:{Cid} - Client connection closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, ulong cid, string remote, string reason);

    [LoggerMessage(2, LogLevel.Debug, "{Remote} - cid:{Cid} - Client connection created")]
    public static partial void ConnectionCreated(ILogger logger, ulong cid, string remote);

    [LoggerMessage(3, LogLevel.Error, "{Remote} - cid:{Cid} - {Message}")]
    public static partial void ClientError(ILogger logger, ulong cid, string remote, string message);

    [LoggerMessage(4, LogLevel.Warning, "{Remote} - cid:{Cid} - Slow Consumer Detected: {Detail}")]
    public static partial void SlowConsumer(ILogger logger, ulong cid, string remote, string detail);

    [LoggerMessage(6, LogLevel.Trace, "{Remote} - cid:{Cid} - {Text}")]
    public static partial void Trace(ILogger logger, string remote, ulong cid, string text);

    [LoggerMessage(5, LogLevel.Error, "maximum connections exceeded, rejecting {Remote}")]
    public static partial void MaxConnections(ILogger logger, string remote);
}
