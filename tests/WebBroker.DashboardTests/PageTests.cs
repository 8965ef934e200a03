using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using WebBroker.Dashboard.Components.Pages;
using WebBroker.Dashboard.Data;

namespace WebBroker.DashboardTests;

/// <summary>Pages against a scripted system account: data, empty and error states.</summary>
public class PageTests : BunitContext
{
    private sealed class ScriptedSystem(Func<string, string, string> answer) : ISystemRequests
    {
        public Task<JsonElement> RequestAsync(string subject, string body = "", CancellationToken cancel = default)
        {
            using var json = JsonDocument.Parse(answer(subject, body));
            return Task.FromResult(json.RootElement.Clone());
        }

        public Task<IAsyncDisposable> SubscribeAsync(string subject, Action<string, JsonElement> onMessage, CancellationToken cancel = default) =>
            throw new NotSupportedException();
    }

    private const string TwoConnections = """
        {"data":{"total":2,"connections":[
          {"cid":5,"name":"orders-svc","account":"A","ip":"10.0.0.5","port":4000,"subscriptions":2,"in_msgs":10,"out_msgs":3,"pending_bytes":0,"idle":"1s"},
          {"cid":9,"name":"billing","account":"B","ip":"10.0.0.9","port":4001,"subscriptions":1,"in_msgs":99,"out_msgs":0,"pending_bytes":0,"idle":"2s"}]}}
        """;

    /// <summary>Renders a page as it runs on a circuit (services are registered before this).</summary>
    private IRenderedComponent<T> Open<T>() where T : IComponent
    {
        Services.AddSingleton(new WebBroker.Dashboard.Access.DashboardAccessOptions());
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render<T>();
    }

    [Fact]
    public void Connections_lists_what_connz_returns_and_filters_as_you_type()
    {
        Services.AddSingleton<ISystemRequests>(new ScriptedSystem((_, _) => TwoConnections));
        var page = Open<Connections>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=connections] tbody tr").Count));
        Assert.Equal("2 of 2", page.Find("[data-testid=counts]").TextContent);
        page.Find("[data-testid=filter]").Input("billing");
        Assert.Single(page.FindAll("[data-testid=connections] tbody tr"));
        Assert.Equal("1 of 2", page.Find("[data-testid=counts]").TextContent);
        page.Find("[data-testid=sort-in]").Click();
        page.Find("[data-testid=filter]").Input("");
        Assert.Equal("5", page.FindAll("[data-testid=connections] tbody tr")[0].GetAttribute("data-cid"));
    }

    [Fact]
    public void Connections_says_so_when_nobody_is_connected()
    {
        Services.AddSingleton<ISystemRequests>(new ScriptedSystem((_, _) => """{"data":{"total":0,"connections":[]}}"""));
        var page = Open<Connections>();
        page.WaitForAssertion(() => Assert.Equal("No client is connected.", page.Find("[data-testid=empty]").TextContent));
    }

    [Fact]
    public void Connections_shows_an_error_when_the_server_does_not_answer()
    {
        Services.AddSingleton<ISystemRequests>(new ScriptedSystem((_, _) => throw new TimeoutException("no reply from $SYS")));
        var page = Open<Connections>();
        page.WaitForAssertion(() => Assert.Contains("no reply from $SYS", page.Find("[data-testid=error]").TextContent));
    }

    [Fact]
    public void Subscriptions_lists_the_connections_a_subject_would_reach()
    {
        string? asked = null;
        Services.AddSingleton<ISystemRequests>(new ScriptedSystem((_, body) =>
        {
            asked = body;
            return """{"data":{"subscriptions_list":[{"subject":"orders.*","qgroup":"workers","cid":5,"account":"A","msgs":3}]}}""";
        }));
        var page = Open<Subscriptions>();
        page.Find("[data-testid=subject]").Change("orders.new");
        page.Find("[data-testid=account]").Change("A");
        page.Find("[data-testid=search-form]").Submit();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=matches] tbody tr")));
        Assert.Contains("\"test\":\"orders.new\"", asked);
        Assert.Contains("\"account\":\"A\"", asked);
        Assert.Contains("workers", page.Find("[data-testid=matches] tbody tr").TextContent);
    }

    [Fact]
    public void Subscriptions_refuses_a_wildcard_subject()
    {
        Services.AddSingleton<ISystemRequests>(new ScriptedSystem((_, _) => throw new InvalidOperationException("not asked")));
        var page = Open<Subscriptions>();
        page.Find("[data-testid=subject]").Change("orders.>");
        page.Find("[data-testid=search-form]").Submit();
        Assert.Contains("without wildcards", page.Find("[data-testid=error]").TextContent);
    }
}
