using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WebBroker.Web.Listeners;

/// <summary>
/// One front door of the broker: binds its endpoints on Kestrel and says how their connections become
/// broker connections. A TCP protocol hands Kestrel a connection handler (as <see cref="ClientListener"/> does);
/// one carried by HTTP (WebSocket) adds its upgrade to the pipeline in <see cref="Map"/>.
/// Register one with <c>services.AddBrokerListener&lt;T&gt;()</c>; <c>AddWebBroker</c> registers today's.
/// </summary>
public interface IListenerFactory
{
    ListenerKind Kind { get; }

    /// <summary>Binds this door's endpoints (none when its config block is absent), recording each in <paramref name="bound"/>.</summary>
    void Bind(KestrelServerOptions kestrel, BoundListeners bound);

    /// <summary>Adds what HTTP-borne connections need to the request pipeline; runs first in <c>MapWebBroker</c>.</summary>
    void Map(WebApplication app) { }
}
