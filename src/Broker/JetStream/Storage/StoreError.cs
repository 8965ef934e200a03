namespace WebBroker.Broker.JetStream.Storage;

/// <summary>Why a store call did nothing. Expected outcomes (a full stream, an unknown sequence) come back as
/// values so that the publish path never pays for an exception; the texts are nats-server's.</summary>
public enum StoreError
{
    None,
    Closed,
    MaxMsgs,
    MaxBytes,
    MaxMsgsPerSubject,
    MsgNotFound,
    NoAckPolicy,
    OldUpdate,
    BadConsumerState,
}

public static class StoreErrorText
{
    public static string Describe(this StoreError error) => error switch
    {
        StoreError.None => "",
        StoreError.Closed => "store is closed",
        StoreError.MaxMsgs => "maximum messages exceeded",
        StoreError.MaxBytes => "maximum bytes exceeded",
        StoreError.MaxMsgsPerSubject => "maximum messages per subject exceeded",
        StoreError.MsgNotFound => "no message found",
        StoreError.NoAckPolicy => "ack policy is none",
        StoreError.OldUpdate => "old update ignored",
        StoreError.BadConsumerState => "bad consumer state",
        _ => error.ToString(),
    };
}

/// <summary>A store that cannot do its work at all: its database is unreadable, the disk refused a commit.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
