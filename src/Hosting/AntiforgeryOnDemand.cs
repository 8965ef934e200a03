using Microsoft.AspNetCore.Antiforgery;

namespace WebBroker.Web;

/// <summary>
/// The antiforgery middleware, set up when the first request for an endpoint that asks for it (a dashboard
/// page or form) arrives rather than at start-up. Setting it up resolves the antiforgery service, whose token
/// protector brings up Data Protection, which loads and initialises OpenSSL: about 5 MiB resident in a broker
/// that may never serve a form. Requests for other endpoints (monitoring) skip it, as the middleware itself
/// would: it only acts on endpoints with antiforgery metadata.
/// </summary>
public static class AntiforgeryOnDemand
{
    public static IApplicationBuilder UseAntiforgeryOnDemand(this IApplicationBuilder app) =>
        app.Use(next =>
        {
            var built = new Lazy<RequestDelegate>(() =>
            {
                var branch = app.New();
                branch.UseAntiforgery();
                branch.Run(next);
                return branch.Build();
            }, LazyThreadSafetyMode.ExecutionAndPublication);
            return context => context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is null
                ? next(context)
                : built.Value(context);
        });
}
