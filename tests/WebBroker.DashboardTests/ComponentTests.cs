using System.Text.Json;
using Microsoft.AspNetCore.Components;
using WebBroker.Dashboard.Components.Shared;
using WebBroker.Dashboard.Data;

namespace WebBroker.DashboardTests;

/// <summary>The dashboard's building blocks rendered with bUnit: charts given data, tables, empty states.</summary>
public class ComponentTests : BunitContext
{
    private static ConnectionRow Row(ulong cid, string name, string account = "$G", long inMsgs = 0, params string[] subjects) =>
        new(cid, name, account, "127.0.0.1", 40000 + (int)cid, subjects.Length, inMsgs, 0, 0, 0, 0, "1s", "2s", "", subjects);

    [Fact]
    public void A_sparkline_draws_one_point_per_value_scaled_to_the_largest()
    {
        var chart = Render<Sparkline>(p => p.Add(c => c.Values, new double[] { 0, 5, 10 }).Add(c => c.Label, "rate"));
        var points = chart.Find("polyline").GetAttribute("points")!.Split(' ');
        Assert.Equal(3, points.Length);
        Assert.Equal("0,58", points[0]);  // zero sits on the bottom line
        Assert.Equal("300,2", points[2]); // the largest value touches the top
        Assert.Equal("rate", chart.Find("svg").GetAttribute("aria-label"));
    }

    [Fact]
    public void A_sparkline_without_enough_data_draws_no_line()
    {
        Assert.Empty(Render<Sparkline>(p => p.Add(c => c.Values, Array.Empty<double>())).FindAll("polyline"));
        Assert.Empty(Render<Sparkline>(p => p.Add(c => c.Values, new double[] { 3 })).FindAll("polyline"));
    }

    [Fact]
    public void The_connections_table_lists_rows_and_reports_sorting_by_header()
    {
        string? sorted = null;
        var table = Render<ConnectionsTable>(p => p
            .Add(c => c.Rows, new[] { Row(1, "alpha"), Row(2, "beta") })
            .Add(c => c.SortBy, "name")
            .Add(c => c.OnSort, EventCallback.Factory.Create<string>(this, key => sorted = key)));
        Assert.Equal(2, table.FindAll("tbody tr").Count);
        Assert.Contains("▲", table.Find("[data-testid=sort-name]").TextContent);
        Assert.Equal("connections/2", table.FindAll("tbody tr")[1].QuerySelector("a")!.GetAttribute("href"));
        table.Find("[data-testid=sort-in]").Click();
        Assert.Equal("in", sorted);
    }

    [Fact]
    public void The_connections_table_shows_its_empty_state()
    {
        var table = Render<ConnectionsTable>(p => p.Add(c => c.Rows, Array.Empty<ConnectionRow>()).Add(c => c.Empty, "Nobody here."));
        Assert.Equal("Nobody here.", table.Find("[data-testid=empty]").TextContent);
        Assert.Empty(table.FindAll("table"));
    }

    [Fact]
    public void Rows_filter_by_name_account_address_or_subject_and_sort_by_any_column()
    {
        var rows = new[] { Row(1, "alpha", "A", 5, "orders.new"), Row(2, "beta", "B", 9), Row(3, "gamma", "A", 1) };
        Assert.Equal([1UL], rows.Where(r => r.Matches("orders")).Select(r => r.Cid));
        Assert.Equal([1UL, 3UL], rows.Where(r => r.Matches("a")).Where(r => r.Account == "A").Select(r => r.Cid));
        Assert.Equal([2UL, 1UL, 3UL], ConnectionRow.Sort(rows, "in", descending: true).Select(r => r.Cid));
        Assert.Equal([3UL, 2UL, 1UL], ConnectionRow.Sort(rows, "name", descending: true).Select(r => r.Cid));
    }

    [Fact]
    public void The_event_list_shows_each_event_with_its_kind_and_an_empty_state()
    {
        var events = new[]
        {
            new DashboardEvent(DateTime.UtcNow, DashboardEvent.AuthError, "$G", 7, "intruder", "10.0.0.9", "app", "Authentication Failure"),
            new DashboardEvent(DateTime.UtcNow, DashboardEvent.Connect, "$G", 6, "svc", "10.0.0.8", "", ""),
        };
        var list = Render<EventList>(p => p.Add(c => c.Events, events));
        Assert.Equal(2, list.FindAll("li").Count);
        Assert.Contains("Authentication Failure", list.Find("li[data-kind='auth error']").TextContent);
        Assert.Contains("text-bg-danger", list.Find("li[data-kind='auth error'] .badge").ClassName);
        Assert.Equal("quiet", Render<EventList>(p => p.Add(c => c.Events, Array.Empty<DashboardEvent>()).Add(c => c.Empty, "quiet"))
            .Find("[data-testid=no-events]").TextContent);
    }

    [Fact]
    public void The_topology_draws_the_server_alone_or_with_a_line_to_each_peer()
    {
        var single = Render<TopologyGraph>(p => p.Add(c => c.Server, "hub"));
        Assert.Single(single.FindAll("circle"));
        Assert.NotNull(single.Find("[data-testid=single-node]"));
        var cluster = Render<TopologyGraph>(p => p.Add(c => c.Server, "hub")
            .Add(c => c.Peers, new[] { new TopologyGraph.Peer("n2", "route"), new TopologyGraph.Peer("edge", "leaf") }));
        Assert.Equal(3, cluster.FindAll("circle").Count);
        Assert.Equal(2, cluster.FindAll("line").Count);
        Assert.Empty(cluster.FindAll("[data-testid=single-node]"));
    }

    [Fact]
    public void Advisories_are_read_from_nats_server_event_json()
    {
        using var json = JsonDocument.Parse("""
            {"type":"io.nats.server.advisory.v1.client_disconnect","timestamp":"2026-11-22T10:00:00Z",
             "client":{"acc":"A","id":42,"name":"svc","host":"10.1.1.1","user":"bob"},"reason":"Client Closed"}
            """);
        var e = DashboardEvent.From("$SYS.ACCOUNT.A.DISCONNECT", json.RootElement)!;
        Assert.Equal((DashboardEvent.Disconnect, "A", 42UL, "svc", "bob", "Client Closed"), (e.Kind, e.Account, e.Cid, e.Name, e.User, e.Reason));
        Assert.True(e.Matches("closed"));
        Assert.False(e.Matches("nothing-like-it"));
        Assert.Null(DashboardEvent.From("$SYS.SERVER.X.STATSZ", json.RootElement));
    }

    [Fact]
    public void The_event_feed_keeps_the_newest_and_announces_each()
    {
        var feed = new EventFeed(new UnusedSystemRequests());
        var announced = 0;
        feed.Changed += () => announced++;
        for (var i = 1; i <= EventFeed.Capacity + 20; i++)
        {
            using var json = JsonDocument.Parse("{\"client\":{\"acc\":\"A\",\"id\":" + i + "}}");
            feed.Add("$SYS.ACCOUNT.A.CONNECT", json.RootElement);
        }
        var events = feed.Snapshot();
        Assert.Equal(EventFeed.Capacity, events.Count);
        Assert.Equal((ulong)(EventFeed.Capacity + 20), events[0].Cid);
        Assert.Equal(EventFeed.Capacity + 20, announced);
    }

    private sealed class UnusedSystemRequests : ISystemRequests
    {
        public Task<JsonElement> RequestAsync(string subject, string body = "", CancellationToken cancel = default) => throw new NotSupportedException();
        public Task<IAsyncDisposable> SubscribeAsync(string subject, Action<string, JsonElement> onMessage, CancellationToken cancel = default) => throw new NotSupportedException();
    }
}
