using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WebBroker.Web.Listeners;

/// <summary>The endpoints each front door bound, by kind: their ports are known once the host has started
/// (ephemeral ones included), for the start-up lines, /varz and the WebSocket listener's own requests.</summary>
public sealed class BoundListeners
{
    private readonly ConcurrentDictionary<ListenerKind, ConcurrentQueue<ListenOptions>> _byKind = new();
    private readonly ConcurrentDictionary<ListenerKind, IPEndPoint> _handed = new();

    public void Add(ListenerKind kind, ListenOptions listener) => _byKind.GetOrAdd(kind, _ => new()).Enqueue(listener);

    /// <summary>A socket bound outside Kestrel and handed to it (the default monitoring port).</summary>
    public void AddHandedSocket(ListenerKind kind, IPEndPoint endPoint) => _handed[kind] = endPoint;

    /// <summary>The first bound port of a kind, or null when it has none (or the host has not started).</summary>
    public int? Port(ListenerKind kind) => Ports(kind).Select(p => (int?)p).FirstOrDefault();

    /// <summary>Every bound port of a kind, in the order they were bound.</summary>
    public IEnumerable<int> Ports(ListenerKind kind)
    {
        if (_byKind.TryGetValue(kind, out var listeners))
            foreach (var l in listeners)
                if (l.IPEndPoint is { Port: > 0 } ip) yield return ip.Port;
        if (_handed.TryGetValue(kind, out var handed)) yield return handed.Port;
    }
}
