using System.Text.Json;
using System.Text.Json.Nodes;
using WebBroker.Broker.JetStream.Api;

namespace WebBroker.Tests.JetStream.Api;

/// <summary>
/// What Debian's 2.9.10 cannot prove: the 2.10/2.11 fields, named as nats-server's struct tags name them, and the
/// Go encodings of durations and times. (Everything 2.9 has is proven against the server in
/// <see cref="ApiRoundTripTests"/>.)
/// </summary>
public class ApiModelTests
{
    private static JsApiJsonContext Json => JsApiJsonContext.Default;

    [Fact]
    public void Later_stream_fields_carry_nats_servers_names()
    {
        var config = new StreamConfig
        {
            Name = "S",
            Compression = "s2",
            FirstSeq = 100,
            SubjectTransform = new SubjectTransformConfig { Src = "in.>", Dest = "out.>" },
            ConsumerLimits = new StreamConsumerLimits(),
            AllowMsgTtl = true,
            SubjectDeleteMarkerTtl = NatsDuration.FromSeconds(5),
            Metadata = new() { ["owner"] = "team" },
        };
        var json = JsonNode.Parse(JsonSerializer.Serialize(config, Json.StreamConfig))!.AsObject();

        Assert.Equal("s2", (string?)json["compression"]);
        Assert.Equal(100, (long?)json["first_seq"]);
        Assert.Equal(("in.>", "out.>"), ((string?)json["subject_transform"]!["src"], (string?)json["subject_transform"]!["dest"]));
        Assert.Equal("{}", json["consumer_limits"]!.ToJsonString());
        Assert.True((bool?)json["allow_msg_ttl"]);
        Assert.Equal(5_000_000_000, (long?)json["subject_delete_marker_ttl"]);
        Assert.Equal("team", (string?)json["metadata"]!["owner"]);
        var back = JsonSerializer.Deserialize(json.ToJsonString(), Json.StreamConfig)!;
        Assert.Equal(config with { Metadata = null }, back with { Metadata = null });
        Assert.Equal(config.Metadata, back.Metadata);
    }

    [Fact]
    public void A_2_9_shaped_config_writes_none_of_the_later_fields()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(new StreamConfig { Name = "S" }, Json.StreamConfig))!.AsObject();
        foreach (var later in new[] { "compression", "first_seq", "subject_transform", "consumer_limits", "allow_msg_ttl", "subject_delete_marker_ttl", "metadata" })
            Assert.False(json.ContainsKey(later), later);
    }

    [Fact]
    public void Consumer_requests_carry_action_filters_and_pull_options()
    {
        var create = new ConsumerCreateRequest
        {
            StreamName = "S",
            Action = "create",
            Config = new ConsumerConfig { Name = "C", FilterSubjects = ["a.*", "b.*"], Metadata = new() { ["k"] = "v" }, PauseUntil = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero) },
        };
        var json = JsonNode.Parse(JsonSerializer.Serialize(create, Json.ConsumerCreateRequest))!;
        Assert.Equal("create", (string?)json["action"]);
        Assert.Equal(["a.*", "b.*"], json["config"]!["filter_subjects"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("2030-01-02T03:04:05Z", (string?)json["config"]!["pause_until"]);

        var next = JsonSerializer.Serialize(new ConsumerNextRequest
        {
            Batch = 10, Expires = NatsDuration.FromSeconds(30), NoWait = true, MaxBytes = 1024, IdleHeartbeat = NatsDuration.FromSeconds(5),
        }, Json.ConsumerNextRequest);
        Assert.Equal("""{"expires":30000000000,"batch":10,"max_bytes":1024,"no_wait":true,"idle_heartbeat":5000000000}""", next);
        Assert.Equal("{}", JsonSerializer.Serialize(new ConsumerNextRequest(), Json.ConsumerNextRequest));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2026-12-07T20:43:00.1234567Z")]
    [InlineData("2026-12-07T20:43:00.5Z")]
    [InlineData("2026-12-07T20:43:00Z")]
    public void Times_are_written_as_go_writes_them(string text) =>
        Assert.Equal(text, GoTimeConverter.Format(GoTimeConverter.Parse(text)));

    [Fact]
    public void Nanoseconds_beyond_a_tick_are_cut_not_rounded() =>
        Assert.Equal("2026-12-07T20:43:00.1234567Z", GoTimeConverter.Format(GoTimeConverter.Parse("2026-12-07T20:43:00.123456789Z")));

    [Fact]
    public void Durations_keep_every_nanosecond() =>
        Assert.Equal(new NatsDuration(1_234_567_891), JsonSerializer.Deserialize("1234567891", Json.StreamConfig.Options.GetTypeInfo(typeof(NatsDuration))));
}
