using System.Text.Json;
using WebBroker.Dashboard.Data;

namespace WebBroker.DashboardTests;

/// <summary>WebBroker's auth failure summaries on the Events page.</summary>
public sealed class AuthSummaryEventTests
{
    [Fact]
    public void A_summary_is_listed_with_its_counts_per_user_and_address()
    {
        using var json = JsonDocument.Parse("""
            {"type":"io.webbroker.advisory.v1.auth_failure_summary","timestamp":"2026-11-22T10:00:00Z","failures":40,"not_logged":30,
             "users":[{"name":"mallory","count":30},{"name":"","count":10}],"addresses":[{"name":"10.0.0.9","count":40}],"other_users":0,"other_addresses":0}
            """);
        var e = DashboardEvent.From("$SYS.SERVER.NABC.CLIENT.AUTH.SUMMARY", json.RootElement)!;
        Assert.Equal(DashboardEvent.AuthSummary, e.Kind);
        Assert.Equal("40 authentication errors; users: \"mallory\" 30, (none) 10; addresses: 10.0.0.9 40", e.Reason);
        Assert.True(e.Matches("mallory"));
    }

    [Fact]
    public async Task The_feed_subscribes_to_the_summaries()
    {
        var subjects = new List<string>();
        var feed = new EventFeed(new RecordingRequests(subjects));
        await feed.EnsureStartedAsync();
        Assert.Null(feed.Error);
        Assert.Contains("$SYS.SERVER.*.CLIENT.AUTH.SUMMARY", subjects);
    }

    private sealed class RecordingRequests(List<string> subjects) : ISystemRequests
    {
        public Task<IAsyncDisposable> SubscribeAsync(string subject, Action<string, JsonElement> onMessage, CancellationToken cancel = default)
        {
            subjects.Add(subject);
            return Task.FromResult<IAsyncDisposable>(new Nothing());
        }

        public Task<JsonElement> RequestAsync(string subject, string body = "", CancellationToken cancel = default) => throw new NotSupportedException();

        private sealed class Nothing : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
