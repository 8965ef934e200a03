using WebBroker.Broker.Clients;

namespace WebBroker.Broker.Accounts;

/// <summary>
/// A client subscription's shadows for its account's stream imports (nats-server's shadow subscriptions):
/// made when the client subscribes, dropped when it unsubscribes or leaves, and made again when the
/// account's imports change. A shadow sits in the exporter's sublist under the exporter's subject and
/// belongs to the same client and sid, so exporters see real interest and deliver without a second match.
/// </summary>
internal static class StreamShadows
{
    /// <summary>Adds the shadows <paramref name="sub"/> needs (nothing when its account imports no streams).</summary>
    public static void Add(Subscription sub)
    {
        if (sub.Account.Links is not { Streams: { Length: > 0 } streams } || sub.Import is not null || sub.Handler is not null) return;
        lock (sub)
        {
            if (sub.Closed) return;
            sub.Shadows = Make(sub, streams);
        }
    }

    /// <summary>Removes <paramref name="sub"/>'s shadows (it is closed, or its account's imports changed).</summary>
    public static void Remove(Subscription sub)
    {
        Subscription[] shadows;
        lock (sub)
        {
            shadows = sub.Shadows;
            if (shadows.Length == 0) return;
            sub.Shadows = [];
        }
        Drop(shadows);
    }

    /// <summary>Replaces <paramref name="sub"/>'s shadows by those of its account's current stream imports: the
    /// new ones go in before the old ones leave, so no message in between is lost.</summary>
    public static void Refresh(Subscription sub)
    {
        if (sub.Import is not null || sub.Handler is not null) return;
        var streams = sub.Account.Links?.Streams ?? [];
        Subscription[] old;
        lock (sub)
        {
            if (sub.Closed) return;
            old = sub.Shadows;
            sub.Shadows = Make(sub, streams);
        }
        Drop(old);
    }

    private static Subscription[] Make(Subscription sub, StreamImport[] streams)
    {
        List<Subscription>? made = null;
        foreach (var import in streams)
        {
            if (import.Subjects.Reverse(sub.Subject) is not { } subject) continue;
            var shadow = new Subscription(sub.Client, import.Exporter, subject, sub.Queue, sub.Sid) { Import = import, Shadowed = sub };
            import.Exporter.Sublist.Insert(shadow);
            (made ??= []).Add(shadow);
        }
        return made is null ? [] : [.. made];
    }

    private static void Drop(Subscription[] shadows)
    {
        foreach (var shadow in shadows)
        {
            shadow.Closed = true;
            shadow.Account.Sublist.Remove(shadow);
        }
    }
}
