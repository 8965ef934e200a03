namespace WebBroker.Broker.Protocol;

/// <summary>Every fixed byte string of the client protocol, in one place.</summary>
internal static class ProtocolLiterals
{
    public static ReadOnlySpan<byte> Crlf => "\r\n"u8;
    public static ReadOnlySpan<byte> Ping => "PING\r\n"u8;
    public static ReadOnlySpan<byte> Pong => "PONG\r\n"u8;
    public static ReadOnlySpan<byte> Ok => "+OK\r\n"u8;
    public static ReadOnlySpan<byte> InfoPrefix => "INFO "u8;
    /// <summary>nats-server ends the INFO line with a space before CRLF.</summary>
    public static ReadOnlySpan<byte> InfoSuffix => " \r\n"u8;
    public static ReadOnlySpan<byte> ErrPrefix => "-ERR '"u8;
    public static ReadOnlySpan<byte> ErrSuffix => "'\r\n"u8;
    public static ReadOnlySpan<byte> Msg => "MSG "u8;
    public static ReadOnlySpan<byte> Hmsg => "HMSG "u8;

    /// <summary>The header block of a no-responders status message, as nats-server 2.10+ sends it.</summary>
    public static ReadOnlySpan<byte> NoRespondersHeaderStart => "NATS/1.0 503\r\nNats-Subject: "u8;
    public static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;
}

/// <summary>The -ERR texts, identical to nats-server's.</summary>
internal static class ProtocolErrors
{
    public const string UnknownOperation = "Unknown Protocol Operation";
    public const string MaxPayload = "Maximum Payload Violation";
    /// <summary>WebBroker's own: a JWT <c>data</c> limit used up (only with <c>enforce_jwt_data_limit</c>; nats-server has none).</summary>
    public const string MaxData = "Maximum Data Exceeded";
    public const string MaxControlLine = "maximum control line exceeded";
    public const string InvalidPublishSubject = "Invalid Publish Subject";
    public const string InvalidSubject = "Invalid Subject";
    public const string AuthorizationViolation = "Authorization Violation";
    public const string AuthenticationTimeout = "Authentication Timeout";
    public const string StaleConnection = "Stale Connection";
    public const string MaxConnections = "maximum connections exceeded";
    public const string BadClientProtocol = "invalid client protocol";
    public const string NoRespondersRequiresHeaders = "no responders requires headers support";
    public const string TooManySubs = "maximum subscriptions exceeded";
    public const string MaxAccountConnections = "maximum account active connections exceeded";
    public const string UserExpired = "User Authentication Expired";
    public const string AccountExpired = "Account Authentication Expired";
}
