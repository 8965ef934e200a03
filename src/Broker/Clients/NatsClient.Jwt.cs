using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Clients;

/// <summary>A connection as the authenticator let it in: its account and permissions; for a user JWT also its claims
/// (for revocation checks when the account changes), its own subscription and payload limits, and the moment its
/// credentials expire.</summary>
public sealed partial class NatsClient
{
    private long _maxSubs = -1;
    private long _maxPayload = -1;
    /// <summary>Bytes this connection may still publish under an enforced JWT <c>data</c> limit; long.MaxValue: no limit.</summary>
    private long _dataAllowance = long.MaxValue;

    /// <summary>Binds what the authenticator let in: the account and permissions, and for a JWT user its limits and
    /// expiry. False (after -ERR and close) when the account is at its connection limit.</summary>
    private bool BindLogin(Security.AuthResult login)
    {
        if (login.JwtUser is null)
        {
            _account = login.Account!;
            _permissions = login.Permissions is null ? null : new Security.ClientPermissions(login.Permissions);
            return true;
        }
        var account = login.Account!;
        var limit = account.Jwt?.MaxConnections ?? -1;
        if (Interlocked.Increment(ref account.Connections) > limit && limit >= 0)
        {
            Interlocked.Decrement(ref account.Connections);
            Close(ClosedReason.MaxAccountConnectionsExceeded, ProtocolErrors.MaxAccountConnections);
            return false;
        }
        CountedInAccount = true;
        if (login.MaxSubs == 0)
        {
            // Like nats-server: a user allowed no subscriptions at all is at its limit from the start.
            Close(ClosedReason.MaxSubscriptionsExceeded, ProtocolErrors.TooManySubs);
            return false;
        }
        _account = account;
        JwtUser = login.JwtUser;
        _permissions = login.Permissions is null ? null : new Security.ClientPermissions(login.Permissions);
        _maxSubs = login.MaxSubs;
        _maxPayload = login.MaxPayload;
        if (login.MaxData > 0 && _server.Options.EnforceJwtDataLimit) _dataAllowance = login.MaxData;
        if (login.ExpiresAt is { } at)
        {
            var error = login.AccountExpiresFirst ? ProtocolErrors.AccountExpired : ProtocolErrors.UserExpired;
            var due = at - DateTimeOffset.UtcNow;
            _expiryTimer = new Timer(_ => Close(ClosedReason.AuthenticationExpired, error), null,
                due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
        return true;
    }

    /// <summary>Charges a message's bytes against the data limit; false once the connection has used it up.</summary>
    private bool ChargeData(int length)
    {
        _dataAllowance -= length;
        return _dataAllowance >= 0;
    }

    private bool _infoOnFirstPing;

    /// <summary>Like nats-server 2.9, a client whose JWTs lower the payload limit learns it from an INFO
    /// sent after the PONG to its first PING (clients of protocol 1 only).</summary>
    private void AnnounceLimitsOnFirstPing() =>
        _infoOnFirstPing = JwtUser is not null && Options.Protocol >= 1 && MaxPayload != _server.Options.MaxPayload;

    private void SendPendingInfo()
    {
        if (!_infoOnFirstPing) return;
        _infoOnFirstPing = false;
        SendInfo();
    }

    /// <summary>The payload limit: the server's, or lower when the user's or account's JWT says so.</summary>
    internal long MaxPayload => _maxPayload < 0 ? _server.Options.MaxPayload : Math.Min(_maxPayload, _server.Options.MaxPayload);

    /// <summary>The subscription limit, or -1 for none: the server's max_subs (0 there means none), lowered
    /// by the JWTs' when they set one.</summary>
    private long SubscriptionLimit
    {
        get
        {
            long server = _server.Options.MaxSubscriptions > 0 ? _server.Options.MaxSubscriptions : -1;
            return _maxSubs < 0 ? server : server < 0 ? _maxSubs : Math.Min(server, _maxSubs);
        }
    }
}
