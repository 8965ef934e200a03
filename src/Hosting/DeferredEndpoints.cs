using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace WebBroker.Web;

/// <summary>
/// The broker's HTTP endpoints (monitoring, sign-in, dashboard actions and the Blazor pages and hub), built when
/// the first HTTP request arrives rather than at start-up. ASP.NET Core builds every endpoint at start (the
/// authorization middleware reads them all), which means compiling the minimal-API handlers, discovering the
/// Blazor components and setting up SignalR: about 10 MiB of code and metadata that a broker nobody monitors
/// over HTTP never uses (nats-server, which we are measured against, idles at 11 MiB). Until then this source
/// lists no endpoint; <see cref="StartupFilter"/> puts a middleware in front of the whole pipeline that, on
/// the first request, builds them and signals the change, so that request is routed with them already.
/// </summary>
public sealed class DeferredEndpoints : EndpointDataSource, IEndpointRouteBuilder
{
    private readonly IApplicationBuilder _app;
    private readonly List<EndpointDataSource> _sources = [];
    private readonly CancellationTokenSource _activated = new();
    private readonly Lock _lock = new();
    private CompositeEndpointDataSource? _inner;

    public DeferredEndpoints(IApplicationBuilder app)
    {
        _app = app;
        ServiceProvider = app.ApplicationServices;
    }

    /// <summary>True once the first HTTP request built the endpoints.</summary>
    public bool IsActive => Volatile.Read(ref _inner) is not null;

    public override IReadOnlyList<Endpoint> Endpoints => Volatile.Read(ref _inner)?.Endpoints ?? [];

    public override IChangeToken GetChangeToken() =>
        Volatile.Read(ref _inner)?.GetChangeToken() ?? new CancellationChangeToken(_activated.Token);

    /// <summary>Builds the endpoints mapped on this builder (once) and tells routing that they changed.</summary>
    public void Activate()
    {
        if (IsActive) return;
        lock (_lock)
        {
            if (_inner is not null) return;
            var inner = new CompositeEndpointDataSource(_sources);
            _ = inner.Endpoints; // built here, on the first request, not by whoever reads them next
            Volatile.Write(ref _inner, inner);
        }
        _activated.Cancel();
    }

    // IEndpointRouteBuilder: the Map* calls of MapWebBroker land here instead of on the application.
    public IServiceProvider ServiceProvider { get; }
    public ICollection<EndpointDataSource> DataSources => _sources;
    public IApplicationBuilder CreateApplicationBuilder() => _app.New();

    /// <summary>Runs <see cref="Activate"/> before anything else of the pipeline (routing included) sees the first
    /// request, except on the dedicated WebSocket listener, whose requests are all NATS connections (or refused)
    /// and never reach an endpoint. The holder is filled by MapWebBroker, after this filter was registered.</summary>
    internal sealed class StartupFilter(DeferredEndpointsHolder holder, Listeners.BoundListeners bound) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (holder.Endpoints is { IsActive: false } endpoints && bound.Port(Listeners.ListenerKind.WebSocket) != context.Connection.LocalPort)
                    endpoints.Activate();
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Where MapWebBroker leaves its <see cref="DeferredEndpoints"/> for the start-up filter (registered earlier, by AddWebBroker).</summary>
public sealed class DeferredEndpointsHolder
{
    public DeferredEndpoints? Endpoints { get; set; }
}
