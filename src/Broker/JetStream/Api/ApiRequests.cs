using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>The body of <c>STREAM.NAMES</c> and <c>STREAM.LIST</c>: a page offset and an optional subject the
/// streams must listen on.</summary>
public sealed record StreamNamesRequest
{
    public int Offset { get; init; }
    public string? Subject { get; init; }
}

/// <summary>The body of <c>STREAM.INFO</c>: the interior deletes, and per-subject counts for a filter.</summary>
public sealed record StreamInfoRequest
{
    public int Offset { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool DeletedDetails { get; init; }

    public string? SubjectsFilter { get; init; }
}

/// <summary>The body of <c>CONSUMER.NAMES</c> and <c>CONSUMER.LIST</c>.</summary>
public sealed record ConsumersRequest
{
    public int Offset { get; init; }
}

/// <summary>The body of <c>STREAM.PURGE</c>: all of it, one subject's (<c>filter</c>), everything below a
/// sequence (<c>seq</c>), or all but the newest <c>keep</c>.</summary>
public sealed record StreamPurgeRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Seq { get; init; }

    public string? Filter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Keep { get; init; }
}

/// <summary>The body of <c>STREAM.MSG.GET</c> (and <c>DIRECT.GET</c>): by sequence, last for a subject, or
/// next for a subject from a sequence.</summary>
public sealed record MsgGetRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Seq { get; init; }

    public string? LastBySubj { get; init; }
    public string? NextBySubj { get; init; }
}

/// <summary>The body of <c>STREAM.MSG.DELETE</c>; <c>no_erase</c> removes without overwriting the bytes.</summary>
public sealed record MsgDeleteRequest
{
    public ulong Seq { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoErase { get; init; }
}

/// <summary>
/// The body of <c>CONSUMER.CREATE</c> and <c>CONSUMER.DURABLE.CREATE</c>. <c>action</c> (2.10+) is
/// <c>"create"</c> (fail if it exists with another config), <c>"update"</c> (fail if it does not exist), or
/// empty/absent for create-or-update.
/// </summary>
public sealed record ConsumerCreateRequest
{
    public required string StreamName { get; init; }
    public required ConsumerConfig Config { get; init; }
    public string? Action { get; init; }
}

/// <summary>The body of <c>CONSUMER.MSG.NEXT</c> (a pull request). A bare integer body means just a batch
/// size, which the handler reads before this.</summary>
public sealed record ConsumerNextRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration Expires { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Batch { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxBytes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoWait { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration IdleHeartbeat { get; init; }
}
