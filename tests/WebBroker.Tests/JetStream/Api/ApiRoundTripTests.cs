using System.Text.Json;
using WebBroker.Broker.JetStream.Api;
using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Api;

/// <summary>
/// Our $JS.API records against Debian's nats-server: each reply read into the record and written back must be
/// the JSON nats-server sent (<see cref="JetStreamReference.AskAsync{T}"/>), so a missing, misnamed or wrongly
/// omitted field fails. Requests are written by our records too, so nats-server also proves that they read right.
/// </summary>
public sealed class ApiRoundTripTests(JetStreamReference js) : IClassFixture<JetStreamReference>
{
    private static JsApiJsonContext Json => JsApiJsonContext.Default;

    private static StreamConfig Orders(string name) => new()
    {
        Name = name,
        Description = "orders of the round-trip test",
        Subjects = [$"{name.ToLowerInvariant()}.*"],
        Retention = RetentionPolicy.Limits,
        MaxConsumers = 10,
        MaxMsgs = 1000,
        MaxBytes = 1 << 20,
        MaxAge = NatsDuration.FromSeconds(3600),
        MaxMsgsPerSubject = 100,
        MaxMsgSize = 256,
        Discard = DiscardPolicy.Old,
        Storage = StorageType.File,
        NumReplicas = 1,
        DuplicateWindow = NatsDuration.FromSeconds(60),
        Republish = new RePublish { Src = $"{name.ToLowerInvariant()}.*", Dest = "repub." + name.ToLowerInvariant() + ".{{wildcard(1)}}", HeadersOnly = true },
        AllowDirect = true,
        AllowRollupHdrs = true,
        DenyPurge = false,
    };

    private Task<StreamInfoResponse> CreateAsync(StreamConfig config) =>
        js.AskAsync($"$JS.API.STREAM.CREATE.{config.Name}", config, Json.StreamConfig, Json.StreamInfoResponse);

    [Fact]
    public async Task Account_info_round_trips()
    {
        var info = await js.AskAsync("$JS.API.INFO", "", Json.AccountInfoResponse);
        Assert.Equal(JsApiTypes.AccountInfo, info.Type);
        Assert.Null(info.Error);
        Assert.NotNull(info.Limits);
        Assert.NotNull(info.Api);
        Assert.True(info.Api.Total >= 1);
    }

    [Fact]
    public async Task Stream_create_with_many_options_round_trips_and_echoes_our_config()
    {
        var config = Orders("CREATED");
        var created = await CreateAsync(config);
        Assert.Null(created.Error);
        Assert.Equal(JsApiTypes.StreamCreate, created.Type);
        Assert.NotNull(created.Config);
        // nats-server read every field we wrote (those 2.9 knows) and gives them back unchanged.
        Assert.Equal(config with { Subjects = null, Republish = null }, created.Config with { Subjects = null, Republish = null });
        Assert.Equal(config.Subjects, created.Config.Subjects);
        Assert.Equal(config.Republish, created.Config.Republish);
        Assert.Equal(DateTimeOffset.MinValue, created.State!.FirstTs);

        // Same config again is fine; another config under the same name is refused.
        Assert.Null((await CreateAsync(config)).Error);
        var clash = await CreateAsync(config with { MaxMsgs = 5 });
        Assert.Equal(JsApiErrors.StreamNameExist.Render(), clash.Error);
        Assert.Null(clash.Config);
    }

    [Fact]
    public async Task Publish_acks_info_with_subjects_and_deleted_details_msg_get_and_delete_round_trip()
    {
        await CreateAsync(Orders("FILLED"));
        foreach (var (subject, n) in new[] { ("filled.a", 1), ("filled.b", 2), ("filled.a", 3), ("filled.b", 4), ("filled.a", 5) })
        {
            var ack = await js.PublishAsync(subject, $"message {n}");
            Assert.Equal(new PubAck { Stream = "FILLED", Seq = (ulong)n }, ack);
        }

        var deleted = await js.AskAsync("$JS.API.STREAM.MSG.DELETE.FILLED", new MsgDeleteRequest { Seq = 2, NoErase = true },
            Json.MsgDeleteRequest, Json.SuccessResponse);
        Assert.Equal(new SuccessResponse { Type = JsApiTypes.StreamMsgDelete, Success = true }, deleted);

        var info = await js.AskAsync("$JS.API.STREAM.INFO.FILLED", new StreamInfoRequest { SubjectsFilter = ">", DeletedDetails = true },
            Json.StreamInfoRequest, Json.StreamInfoResponse);
        Assert.Equal(JsApiTypes.StreamInfo, info.Type);
        var state = info.State!;
        Assert.Equal((4ul, 1ul, 5ul, 2, 1), (state.Messages, state.FirstSeq, state.LastSeq, state.NumSubjects, state.NumDeleted));
        Assert.Equal(new Dictionary<string, ulong> { ["filled.a"] = 3, ["filled.b"] = 1 }, state.Subjects);
        Assert.Equal([2ul], state.Deleted!);
        Assert.True(state.LastTs > state.FirstTs);

        var plain = await js.AskAsync("$JS.API.STREAM.INFO.FILLED", "", Json.StreamInfoResponse);
        Assert.Null(plain.State!.Subjects);
        Assert.Null(plain.State.Deleted);

        var got = await js.AskAsync("$JS.API.STREAM.MSG.GET.FILLED", new MsgGetRequest { LastBySubj = "filled.b" },
            Json.MsgGetRequest, Json.MsgGetResponse);
        Assert.Equal(("filled.b", 4ul, "message 4"), (got.Message!.Subject, got.Message.Seq, System.Text.Encoding.UTF8.GetString(got.Message.Data!)));

        var missing = await js.AskAsync("$JS.API.STREAM.MSG.GET.FILLED", new MsgGetRequest { Seq = 2 }, Json.MsgGetRequest, Json.MsgGetResponse);
        Assert.Equal(JsApiErrors.NoMessageFound.Render(), missing.Error);
    }

    [Fact]
    public async Task Pub_ack_error_round_trips()
    {
        await CreateAsync(Orders("SMALL") with { MaxMsgSize = 8 });
        var ack = await js.PublishAsync("small.a", "this payload is longer than eight bytes");
        Assert.Equal(JsApiErrors.StreamMessageExceedsMaximum.Render(), ack.Error);
        Assert.Equal(("SMALL", 0ul), (ack.Stream, ack.Seq)); // the stream is named even on failure, with seq 0
    }

    [Fact]
    public async Task Stream_names_list_update_purge_and_delete_round_trip()
    {
        await CreateAsync(Orders("LISTED"));
        await js.PublishAsync("listed.x", "1");
        await js.PublishAsync("listed.x", "2");
        await js.PublishAsync("listed.y", "3");

        var names = await js.AskAsync("$JS.API.STREAM.NAMES", new StreamNamesRequest { Subject = "listed.x" },
            Json.StreamNamesRequest, Json.StreamNamesResponse);
        Assert.Equal(["LISTED"], names.Streams!);
        var none = await js.AskAsync("$JS.API.STREAM.NAMES", new StreamNamesRequest { Subject = "nobody.listens" },
            Json.StreamNamesRequest, Json.StreamNamesResponse);
        Assert.Equal(0, none.Total);
        Assert.Null(none.Streams); // nats-server writes "streams":null, and so must we

        var list = await js.AskAsync("$JS.API.STREAM.LIST", new StreamNamesRequest { Subject = "listed.>" },
            Json.StreamNamesRequest, Json.StreamListResponse);
        Assert.Equal("LISTED", Assert.Single(list.Streams!).Config.Name);

        var updated = await js.AskAsync("$JS.API.STREAM.UPDATE.LISTED", Orders("LISTED") with { MaxMsgs = 500 },
            Json.StreamConfig, Json.StreamInfoResponse);
        Assert.Equal((JsApiTypes.StreamUpdate, 500L), (updated.Type, updated.Config!.MaxMsgs));

        var purged = await js.AskAsync("$JS.API.STREAM.PURGE.LISTED", new StreamPurgeRequest { Filter = "listed.x", Keep = 1 },
            Json.StreamPurgeRequest, Json.StreamPurgeResponse);
        Assert.Equal(new StreamPurgeResponse { Type = JsApiTypes.StreamPurge, Success = true, Purged = 1 }, purged);

        var gone = await js.AskAsync("$JS.API.STREAM.DELETE.LISTED", "", Json.SuccessResponse);
        Assert.True(gone.Success);
        var again = await js.AskAsync("$JS.API.STREAM.DELETE.LISTED", "", Json.SuccessResponse);
        Assert.Equal(JsApiErrors.StreamNotFound.Render(), again.Error);
    }

    [Fact]
    public async Task Durable_and_ephemeral_consumers_with_counters_round_trip()
    {
        await CreateAsync(Orders("WORK"));
        for (var i = 1; i <= 4; i++) await js.PublishAsync(i % 2 == 0 ? "work.even" : "work.odd", $"job {i}");

        var durable = new ConsumerConfig
        {
            DurableName = "D1",
            Description = "pull, explicit acks",
            DeliverPolicy = DeliverPolicy.All,
            AckPolicy = AckPolicy.Explicit,
            AckWait = NatsDuration.FromSeconds(30),
            MaxDeliver = 5,
            Backoff = [NatsDuration.FromSeconds(1), NatsDuration.FromSeconds(5)],
            FilterSubject = "work.*",
            ReplayPolicy = ReplayPolicy.Instant,
            SampleFreq = "100%",
            MaxWaiting = 64,
            MaxAckPending = 100,
            MaxBatch = 10,
            MaxExpires = NatsDuration.FromSeconds(60),
            MaxBytes = 1 << 16,
        };
        var created = await js.AskAsync("$JS.API.CONSUMER.DURABLE.CREATE.WORK.D1",
            new ConsumerCreateRequest { StreamName = "WORK", Config = durable }, Json.ConsumerCreateRequest, Json.ConsumerInfoResponse);
        Assert.Null(created.Error);
        Assert.Equal((JsApiTypes.ConsumerCreate, "D1", 4ul), (created.Type, created.Name, created.NumPending));
        Assert.Equal(durable.Backoff, created.Config!.Backoff);

        // Pull two, acknowledge the first: the counters must show it.
        await using var inbox = await js.Nats.SubscribeAsync("pull.inbox.d1");
        await js.Nats.PublishAsync("$JS.API.CONSUMER.MSG.NEXT.WORK.D1",
            JsonSerializer.Serialize(new ConsumerNextRequest { Batch = 2, NoWait = true }, Json.ConsumerNextRequest), "pull.inbox.d1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await inbox.Messages.ReadAsync(timeout.Token);
        var second = await inbox.Messages.ReadAsync(timeout.Token);
        Assert.Equal(("job 1", "job 2"), (first.Text, second.Text));
        await js.Nats.RequestAsync(first.ReplyTo!, "+ACK", TimeSpan.FromSeconds(10)); // the double ack: confirmed

        var info = await js.AskAsync("$JS.API.CONSUMER.INFO.WORK.D1", "", Json.ConsumerInfoResponse);
        Assert.Equal(JsApiTypes.ConsumerInfo, info.Type);
        Assert.Equal((2ul, 2ul), (info.Delivered!.ConsumerSeq, info.Delivered.StreamSeq));
        Assert.Equal((1ul, 1ul), (info.AckFloor!.ConsumerSeq, info.AckFloor.StreamSeq));
        Assert.Equal((1, 0, 2ul), (info.NumAckPending!.Value, info.NumRedelivered!.Value, info.NumPending!.Value));
        Assert.NotNull(info.Delivered.LastActive);

        var ephemeral = new ConsumerConfig
        {
            DeliverPolicy = DeliverPolicy.ByStartSequence,
            OptStartSeq = 3,
            AckPolicy = AckPolicy.None,
            ReplayPolicy = ReplayPolicy.Instant,
            DeliverSubject = "push.here",
            FlowControl = true,
            IdleHeartbeat = NatsDuration.FromSeconds(5),
            HeadersOnly = true,
            InactiveThreshold = NatsDuration.FromSeconds(30),
            MemStorage = true,
        };
        var push = await js.AskAsync("$JS.API.CONSUMER.CREATE.WORK",
            new ConsumerCreateRequest { StreamName = "WORK", Config = ephemeral }, Json.ConsumerCreateRequest, Json.ConsumerInfoResponse);
        Assert.Null(push.Error);
        Assert.Null(push.Config!.DurableName);
        Assert.NotNull(push.Name); // 2.9 names an ephemeral itself and leaves config.name out

        var names = await js.AskAsync("$JS.API.CONSUMER.NAMES.WORK", new ConsumersRequest(), Json.ConsumersRequest, Json.ConsumerNamesResponse);
        Assert.Equal(2, names.Total);
        Assert.Contains("D1", names.Consumers!);
        var list = await js.AskAsync("$JS.API.CONSUMER.LIST.WORK", new ConsumersRequest(), Json.ConsumersRequest, Json.ConsumerListResponse);
        Assert.Equal(2, list.Consumers!.Length);

        var deleted = await js.AskAsync("$JS.API.CONSUMER.DELETE.WORK.D1", "", Json.SuccessResponse);
        Assert.Equal(new SuccessResponse { Type = JsApiTypes.ConsumerDelete, Success = true }, deleted);
    }

    [Fact]
    public async Task Error_replies_round_trip_with_the_catalogue_codes()
    {
        var noStream = await js.AskAsync("$JS.API.STREAM.INFO.NOPE", "", Json.StreamInfoResponse);
        Assert.Equal(JsApiErrors.StreamNotFound.Render(), noStream.Error);
        Assert.Null(noStream.State);

        var noStreamForConsumer = await js.AskAsync("$JS.API.CONSUMER.INFO.NOPE.C", "", Json.ConsumerInfoResponse);
        Assert.Equal(JsApiErrors.StreamNotFound.Render(), noStreamForConsumer.Error);

        await CreateAsync(Orders("ERRS"));
        var noConsumer = await js.AskAsync("$JS.API.CONSUMER.INFO.ERRS.NOPE", "", Json.ConsumerInfoResponse);
        Assert.Equal(JsApiErrors.ConsumerNotFound.Render(), noConsumer.Error);
        Assert.Null(noConsumer.Name);

        var overlap = await CreateAsync(Orders("OVERLAP") with { Subjects = ["errs.*"], Republish = null });
        Assert.Equal(JsApiErrors.StreamSubjectOverlap.Render(), overlap.Error);

        var mismatch = await js.AskAsync("$JS.API.STREAM.CREATE.OTHER", Orders("ERRS2"), Json.StreamConfig, Json.StreamInfoResponse);
        Assert.Equal(JsApiErrors.StreamMismatch.Render(), mismatch.Error);

        var badConfig = await CreateAsync(Orders("BADCFG") with { Subjects = ["bad..subject"], Republish = null });
        Assert.Equal(JsApiErrors.StreamInvalidConfig.Code, badConfig.Error!.Code);
        Assert.Equal(JsApiErrors.StreamInvalidConfig.ErrCode, badConfig.Error.ErrCode);

        // 2.9 says just "invalid JSON"; later releases append the parser's message ({err}).
        var badJson = await js.AskAsync("$JS.API.STREAM.CREATE.JSON", "{not json", Json.StreamInfoResponse);
        Assert.Equal((JsApiErrors.InvalidJSON.Code, JsApiErrors.InvalidJSON.ErrCode), (badJson.Error!.Code, badJson.Error.ErrCode));
    }
}
