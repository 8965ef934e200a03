namespace WebBroker.Broker.Clients;

/// <summary>Why a connection ended, with the names nats-server reports in /connz.</summary>
public enum ClosedReason
{
    ClientClosed,
    ServerShutdown,
    ProtocolViolation,
    ParseError,
    MaxPayloadExceeded,
    MaxControlLineExceeded,
    MaxConnectionsExceeded,
    AuthenticationTimeout,
    AuthenticationViolation,
    StaleConnection,
    SlowConsumerPendingBytes,
    SlowConsumerWriteDeadline,
    BadClientProtocolVersion,
    NoRespondersRequiresHeaders,
    ReadError,
    WriteError,
    Kicked,
    TlsHandshakeError,
    AuthenticationExpired,
    Revocation,
    MaxAccountConnectionsExceeded,
    MaxSubscriptionsExceeded,
    MaxDataExceeded,
}

public static class ClosedReasonText
{
    /// <summary>The text nats-server uses for a reason (its ClosedState.String()).</summary>
    public static string ToText(this ClosedReason reason) => reason switch
    {
        ClosedReason.ClientClosed => "Client Closed",
        ClosedReason.ServerShutdown => "Server Shutdown",
        ClosedReason.ProtocolViolation => "Protocol Violation",
        ClosedReason.ParseError => "Parse Error",
        ClosedReason.MaxPayloadExceeded => "Maximum Message Payload Exceeded",
        ClosedReason.MaxControlLineExceeded => "Maximum Control Line Exceeded",
        ClosedReason.MaxConnectionsExceeded => "Maximum Connections Exceeded",
        ClosedReason.AuthenticationTimeout => "Authentication Timeout",
        ClosedReason.AuthenticationViolation => "Authentication Failure",
        ClosedReason.StaleConnection => "Stale Connection",
        ClosedReason.SlowConsumerPendingBytes => "Slow Consumer (Pending Bytes)",
        ClosedReason.SlowConsumerWriteDeadline => "Slow Consumer (Write Deadline)",
        ClosedReason.BadClientProtocolVersion => "Bad Client Protocol Version",
        ClosedReason.NoRespondersRequiresHeaders => "No Responders Requires Headers",
        ClosedReason.ReadError => "Read Error",
        ClosedReason.WriteError => "Write Error",
        ClosedReason.Kicked => "Kicked",
        ClosedReason.TlsHandshakeError => "TLS Handshake Failure",
        ClosedReason.AuthenticationExpired => "Authentication Expired",
        ClosedReason.Revocation => "Credentials Revoked",
        ClosedReason.MaxAccountConnectionsExceeded => "Maximum Account Connections Exceeded",
        ClosedReason.MaxSubscriptionsExceeded => "Maximum Subscriptions Exceeded",
        ClosedReason.MaxDataExceeded => "Maximum Data Exceeded",
        _ => reason.ToString(),
    };
}
