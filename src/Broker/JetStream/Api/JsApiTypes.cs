namespace WebBroker.Broker.JetStream.Api;

/// <summary>The <c>type</c> of each API reply, as clients dispatch on it.</summary>
public static class JsApiTypes
{
    private const string Prefix = "io.nats.jetstream.api.v1.";

    public const string AccountInfo = Prefix + "account_info_response";
    public const string AccountPurge = Prefix + "account_purge_response";
    public const string StreamCreate = Prefix + "stream_create_response";
    public const string StreamUpdate = Prefix + "stream_update_response";
    public const string StreamInfo = Prefix + "stream_info_response";
    public const string StreamDelete = Prefix + "stream_delete_response";
    public const string StreamNames = Prefix + "stream_names_response";
    public const string StreamList = Prefix + "stream_list_response";
    public const string StreamPurge = Prefix + "stream_purge_response";
    public const string StreamMsgGet = Prefix + "stream_msg_get_response";
    public const string StreamMsgDelete = Prefix + "stream_msg_delete_response";
    public const string ConsumerCreate = Prefix + "consumer_create_response";
    public const string ConsumerInfo = Prefix + "consumer_info_response";
    public const string ConsumerDelete = Prefix + "consumer_delete_response";
    public const string ConsumerNames = Prefix + "consumer_names_response";
    public const string ConsumerList = Prefix + "consumer_list_response";
    public const string SystemOverloaded = Prefix + "system_overloaded";
}
