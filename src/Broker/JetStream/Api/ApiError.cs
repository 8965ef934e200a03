using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>The <c>error</c> object of an API response: <c>{"code":404,"err_code":10059,"description":"stream not found"}</c>.
/// Build one with <see cref="JsApiErrorKind.Render"/>.</summary>
public sealed record ApiError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("err_code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ushort ErrCode,
    [property: JsonPropertyName("description")] string? Description);
