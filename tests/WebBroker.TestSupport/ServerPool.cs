using System.Collections.Concurrent;

namespace WebBroker.TestSupport;

/// <summary>
/// A class fixture: the servers one test class needs, started on first use and shared by that
/// class's tests (which xunit runs one after another), keyed by server kind and config text.
/// Test classes run in parallel, each with its own servers.
/// </summary>
public sealed class ServerPool : IAsyncLifetime
{
    private readonly ConcurrentDictionary<(ServerKind, string), Lazy<Task<ServerProcess>>> _servers = new();

    public Task<ServerProcess> GetAsync(ServerKind kind, string? config = null) =>
        _servers.GetOrAdd((kind, config ?? ""), key => new Lazy<Task<ServerProcess>>(
            () => ServerProcess.StartAsync(key.Item1, config))).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var lazy in _servers.Values)
        {
            if (!lazy.IsValueCreated) continue;
            try
            {
                await (await lazy.Value).DisposeAsync();
            }
            catch (Exception)
            {
                // The start failed; that test already reported it.
            }
        }
    }
}
