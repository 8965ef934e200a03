using WebBroker.Broker.Protocol;

namespace WebBroker.Broker.Clients;

/// <summary>
/// Refusing a CONNECT's credentials: at once, or, with auth_failure_delay, after a wait. The waiting client
/// is no longer read (its read loop has ended) and its timers are stopped; the wait is a timer, so no thread
/// and no other connection waits with it; a shutdown or kick ends it early.
/// </summary>
public sealed partial class NatsClient
{
    private TimeSpan _refusalDelay;
    private (ClosedReason Reason, string Error) _refusal;

    /// <summary>Refuses with the authenticator's closed reason and -ERR text.</summary>
    private void RefuseCredentials(ConnectOptions options, ClosedReason reason, string error)
    {
        var delay = _server.ReportAuthFailure(this, options);
        if (delay <= TimeSpan.Zero)
        {
            Close(reason, error);
            return;
        }
        _refusal = (reason, error);
        _refusalDelay = delay;
        StopTimers();
    }

    /// <summary>After the read loop: a refusal that waits is answered now.</summary>
    private async Task AnswerDelayedRefusalAsync()
    {
        if (_refusalDelay <= TimeSpan.Zero || IsClosed) return;
        try
        {
            await Task.Delay(_refusalDelay, _closedCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        Close(_refusal.Reason, _refusal.Error);
    }
}
