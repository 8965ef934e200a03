namespace WebBroker.Broker.Subjects;

/// <summary>
/// The subscriptions a subject matches: every plain subscriber, and the members of each queue group
/// (one member per group receives each message). Immutable, so it can be cached and shared.
/// </summary>
public sealed class SublistResult<T> where T : class
{
    public static readonly SublistResult<T> Empty = new([], []);

    public SublistResult(T[] plain, T[][] queues)
    {
        Plain = plain;
        Queues = queues;
    }

    public T[] Plain { get; }
    public T[][] Queues { get; }
    public bool IsEmpty => Plain.Length == 0 && Queues.Length == 0;
}
