using Microsoft.AspNetCore.Components;

namespace WebBroker.Dashboard.Components.Shared;

/// <summary>
/// A page that reads the server once when it opens and again every <see cref="RefreshInterval"/> until it is
/// closed (on its circuit, each reading re-renders the page).
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Cancelled when the page goes away: pass it to requests.</summary>
    protected CancellationToken Stopping => _stop.Token;

    protected virtual TimeSpan RefreshInterval => TimeSpan.FromSeconds(2);

    /// <summary>Reads what the page shows; reports failures in the page's own error state.</summary>
    protected abstract Task LoadAsync();

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _ = PollAsync();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await LoadAsync();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        GC.SuppressFinalize(this);
    }
}
