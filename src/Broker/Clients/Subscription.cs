using System.Text;
using WebBroker.Broker.Subjects;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Clients;

/// <summary>One SUB of one client: its subject, optional queue group, sid and auto-unsubscribe limit.</summary>
public sealed class Subscription : ISublistEntry
{
    private long _delivered;

    internal Subscription(Connection client, Accounts.Account account, string subject, string? queue, byte[] sid)
    {
        Client = client;
        Account = account;
        Subject = subject;
        Queue = queue;
        Sid = sid;
    }

    public Connection Client { get; }
    /// <summary>The account whose subject index holds this subscription.</summary>
    public Accounts.Account Account { get; }
    public string Subject { get; }
    public string? Queue { get; }
    /// <summary>The sid exactly as the client sent it, ready to be written into MSG lines.</summary>
    internal byte[] Sid { get; }
    public string SidText => Encoding.UTF8.GetString(Sid);
    /// <summary>Messages after which the subscription ends itself (UNSUB sid max); 0 for none.</summary>
    public long Max { get; internal set; }
    public long Delivered => Volatile.Read(ref _delivered);
    internal bool Closed { get; set; }

    /// <summary>For the server's internal subscriptions (system account requests): called, through the
    /// internal receive queue, with the message instead of writing a MSG.</summary>
    internal Routing.InternalMessageHandler? Handler { get; init; }

    /// <summary>What a cross-account subscription does when matched, instead of writing a MSG to its client:
    /// an <see cref="Accounts.ServiceImport"/> (in the importer), the exporter's reply routes
    /// (<see cref="Accounts.AccountLinks"/>, on <c>_R_</c>), or a <see cref="Accounts.StreamImport"/> whose shadow this is
    /// (in the exporter, delivering to the client of <see cref="Shadowed"/>). Null for a plain subscriber.</summary>
    internal object? Import { get; init; }

    /// <summary>A stream import's shadow: the client's own subscription it stands for (its limit counts there).</summary>
    internal Subscription? Shadowed { get; init; }

    /// <summary>A client's subscription: its shadows in exporters' sublists (replaced whole, under a lock on this).</summary>
    internal Subscription[] Shadows { get; set; } = [];

    /// <summary>
    /// Counts one delivery against the UNSUB limit. Returns false when the limit was already reached
    /// (the message must not be sent); <paramref name="last"/> tells that this delivery reaches it.
    /// </summary>
    internal bool TryCountDelivery(out bool last)
    {
        if (Shadowed is { } own) return own.TryCountDelivery(out last);
        var n = Interlocked.Increment(ref _delivered);
        var max = Max;
        last = max > 0 && n == max;
        return max <= 0 || n <= max;
    }
}
