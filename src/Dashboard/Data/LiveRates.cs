namespace WebBroker.Dashboard.Data;

/// <summary>Per-second rates from successive counter readings, with a bounded history for charts.</summary>
public sealed class LiveRates(int capacity = 450)
{
    private readonly Queue<double> _history = new();
    private (DateTime At, long Value)? _last;

    public IReadOnlyCollection<double> History => _history;
    public double Current => _history.Count == 0 ? 0 : _history.Last();

    public void Add(DateTime at, long counter)
    {
        if (_last is { } last && at > last.At)
        {
            _history.Enqueue(Math.Max(0, (counter - last.Value) / (at - last.At).TotalSeconds));
            while (_history.Count > capacity) _history.Dequeue();
        }
        _last = (at, counter);
    }
}
