using System.Text;
using System.Text.Json;
using WebBroker.Broker.Logging;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;
using WebBroker.Broker.Subjects;
using static WebBroker.Broker.Protocol.ProtocolParser;

namespace WebBroker.Broker.Clients;

/// <summary>The client operations: PUB/HPUB, SUB, UNSUB, CONNECT, PONG.</summary>
public sealed partial class NatsClient
{
    // nats-server's defaults before (or without) CONNECT.
    private bool _verbose = true;
    private bool _pedantic = true;

    /// <summary>
    /// PUB/HPUB: parses the arguments, checks the limits, and routes the payload that follows in
    /// <paramref name="after"/>. Returns the bytes used after the control line, or -1 when more are
    /// <paramref name="needed"/> (status NeedMore) or the connection closed (status Close).
    /// </summary>
    private int ProcessPub(ReadOnlySpan<byte> args, bool withHeaders, ReadOnlySpan<byte> after, out ParseStatus status, out int needed)
    {
        status = ParseStatus.NeedMore;
        needed = 0;
        Span<Range> a = stackalloc Range[4];
        var n = SplitArgs(args, a);
        ReadOnlySpan<byte> subject, reply = default;
        long headerSize = 0, size;
        if (withHeaders)
        {
            if (!_headers) return ProtocolViolation("HPUB without headers support", out status);
            switch (n)
            {
                case 3: subject = args[a[0]]; headerSize = ParseSize(args[a[1]]); size = ParseSize(args[a[2]]); break;
                case 4: subject = args[a[0]]; reply = args[a[1]]; headerSize = ParseSize(args[a[2]]); size = ParseSize(args[a[3]]); break;
                default: return ProtocolViolation("processHeaderPub Parse Error", out status);
            }
            if (headerSize < 0 || size < 0 || headerSize > size) return ProtocolViolation("processHeaderPub Bad or Missing Size", out status);
        }
        else
        {
            switch (n)
            {
                case 2: subject = args[a[0]]; size = ParseSize(args[a[1]]); break;
                case 3: subject = args[a[0]]; reply = args[a[1]]; size = ParseSize(args[a[2]]); break;
                default: return ProtocolViolation("processPub Parse Error", out status);
            }
            if (size < 0) return ProtocolViolation("processPub Bad or Missing Size", out status);
        }
        if (size > MaxPayload)
        {
            Close(ClosedReason.MaxPayloadExceeded, ProtocolErrors.MaxPayload);
            status = ParseStatus.Close;
            return -1;
        }
        var length = (int)size;
        if (after.Length < length + 2)
        {
            needed = length + 2;
            return -1;
        }
        if (after[length] != (byte)'\r' || after[length + 1] != (byte)'\n')
        {
            Close(ClosedReason.ParseError, ProtocolErrors.UnknownOperation);
            status = ParseStatus.Close;
            return -1;
        }
        if (!ChargeData(length))
        {
            Close(ClosedReason.MaxDataExceeded, ProtocolErrors.MaxData);
            status = ParseStatus.Close;
            return -1;
        }
        InMsgs++;
        InBytes += length;
        if (Tracing) TracePayload(after[..length]);
        if (_permissions is { } perms && !perms.CanPublish(subject))
        {
            ReplyError($"Permissions Violation for Publish to \"{Encoding.UTF8.GetString(subject)}\"");
            return length + 2;
        }
        // nats-server reports a bad subject in pedantic mode but still routes the message.
        if (_pedantic && !SubjectValidator.IsValidLiteralSubject(subject)) ReplyError(ProtocolErrors.InvalidPublishSubject);
        if (_verbose) Reply(ProtocolLiterals.Ok);
        Publish(subject, reply, (int)headerSize, withHeaders, after[..length]);
        return length + 2;
    }

    /// <summary>Routes one message through the server's router, from this connection in its account.</summary>
    private void Publish(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> reply, int headerSize, bool withHeaders, ReadOnlySpan<byte> payload) =>
        Routing.MessageRouter.Publish(Routing.MessageOrigin.Of(this), new Routing.MessageView(subject, reply, headerSize, withHeaders, payload));

    private bool ProcessSub(ReadOnlySpan<byte> args)
    {
        Span<Range> a = stackalloc Range[4];
        ReadOnlySpan<byte> subject, queue = default, sid;
        switch (SplitArgs(args, a))
        {
            case 2: subject = args[a[0]]; sid = args[a[1]]; break;
            case 3: subject = args[a[0]]; queue = args[a[1]]; sid = args[a[2]]; break;
            default: return ProtocolViolation("processSub Parse Error");
        }
        if (!SubjectValidator.IsValidSubject(subject) || (!queue.IsEmpty && !SubjectValidator.IsValidQueue(queue)))
        {
            ReplyError(ProtocolErrors.InvalidSubject);
            return true;
        }
        var sidText = Encoding.UTF8.GetString(sid);
        if (_permissions is { } perms)
        {
            var subjectText = Encoding.UTF8.GetString(subject);
            var queueText = queue.IsEmpty ? null : Encoding.UTF8.GetString(queue);
            if (!perms.CanSubscribe(subjectText, queueText))
            {
                ReplyError(queueText is null
                    ? $"Permissions Violation for Subscription to \"{subjectText}\""
                    : $"Permissions Violation for Subscription to \"{subjectText}\" using queue \"{queueText}\"");
                return true;
            }
        }
        Subscription sub;
        lock (_subsLock)
        {
            if (IsClosed) return false;
            // nats-server keeps the first subscription when a sid is reused.
            if (_subs.ContainsKey(sidText))
            {
                if (_verbose) Reply(ProtocolLiterals.Ok);
                return true;
            }
            if (SubscriptionLimit is >= 0 and var limit && _subs.Count >= limit)
            {
                ReplyError(ProtocolErrors.TooManySubs);
                return true;
            }
            sub = new Subscription(this, _account, Encoding.UTF8.GetString(subject), queue.IsEmpty ? null : Encoding.UTF8.GetString(queue), sid.ToArray());
            _subs[sidText] = sub;
        }
        _account.Sublist.Insert(sub);
        Accounts.StreamShadows.Add(sub);
        if (_verbose) Reply(ProtocolLiterals.Ok);
        return true;
    }

    private bool ProcessUnsub(ReadOnlySpan<byte> args)
    {
        Span<Range> a = stackalloc Range[4];
        var n = SplitArgs(args, a);
        if (n is not (1 or 2)) return ProtocolViolation("processUnsub Parse Error");
        var max = n == 2 ? ParseSize(args[a[1]]) : 0;
        Subscription? sub;
        lock (_subsLock) _subs.TryGetValue(Encoding.UTF8.GetString(args[a[0]]), out sub);
        if (sub is not null)
        {
            if (max > 0 && max > sub.Delivered) sub.Max = max;
            else RemoveSubscription(sub);
        }
        if (_verbose) Reply(ProtocolLiterals.Ok);
        return true;
    }

    private bool ProcessConnect(ReadOnlySpan<byte> json)
    {
        var options = ParseConnect(json);
        if (options is null) return ProtocolViolation("processConnect Parse Error");
        if (options.Protocol is < 0 or > 1)
        {
            Close(ClosedReason.BadClientProtocolVersion, ProtocolErrors.BadClientProtocol);
            return false;
        }
        if (options.NoResponders && !options.Headers)
        {
            Close(ClosedReason.NoRespondersRequiresHeaders, ProtocolErrors.NoRespondersRequiresHeaders);
            return false;
        }
        if (!Trusted)
        {
            var auth = _server.Authenticator.Authenticate(new Security.AuthRequest(options, Transport, Nonce, ClientCertificate, Remote?.Address, CookieJwt));
            if (auth.Refusal is { } refusal)
            {
                RefuseCredentials(options, refusal.Reason, refusal.Error);
                return false;
            }
            // The account is fixed before anything is subscribed (with auth, nothing comes before CONNECT).
            if (!_connectReceived && auth.Account is not null && !BindLogin(auth)) return false;
        }
        Options = options;
        _verbose = options.Verbose;
        _pedantic = options.Pedantic;
        _echo = options.Echo;
        _headers = options.Headers && !_server.Options.NoHeaderSupport;
        _noResponders = options.NoResponders;
        var first = !_connectReceived;
        _connectReceived = true;
        if (first) AnnounceLimitsOnFirstPing();
        CancelAuthTimer();
        if (first) _server.ReportConnect(this);
        if (_verbose) Reply(ProtocolLiterals.Ok);
        return true;
    }

    /// <summary>CONNECT's JSON, or null when it is not valid (half surrogate pairs read as Go reads them).</summary>
    private static ConnectOptions? ParseConnect(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, BrokerJsonContext.Default.ConnectOptions);
        }
        catch (JsonException) when (LoneSurrogates.Replace(json) is { } repaired)
        {
            try
            {
                return JsonSerializer.Deserialize(repaired, BrokerJsonContext.Default.ConnectOptions);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A malformed operation: logged, and the connection closed without an -ERR, as nats-server does.
    /// Returns false (keep reading: no).</summary>
    private bool ProtocolViolation(string what)
    {
        BrokerLog.ClientError(_log, Id, Remote?.ToString() ?? "-", what);
        Close(ClosedReason.ProtocolViolation);
        return false;
    }

    private int ProtocolViolation(string what, out ParseStatus status)
    {
        ProtocolViolation(what);
        status = ParseStatus.Close;
        return -1;
    }
}
