using WebBroker.Broker.JetStream.Api;

namespace WebBroker.Tests.JetStream.Api;

/// <summary>The error catalogue: every entry renders, its numbers are nats-server's, and none is listed twice.</summary>
public class JsApiErrorsTests
{
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var kind in JsApiErrors.All) data.Add(kind.Name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_entry_renders_its_template(string name)
    {
        var kind = JsApiErrors.All.Single(k => k.Name == name);
        var values = kind.Placeholders.Select(p => (p, (object?)$"<{p} value>")).ToArray();

        var error = kind.Render(values);

        Assert.Equal((kind.Code, kind.ErrCode), (error.Code, error.ErrCode));
        Assert.DoesNotContain('{', error.Description!);
        foreach (var p in kind.Placeholders) Assert.Contains($"<{p} value>", error.Description);
        Assert.Equal(kind.Description.Length == 0 ? 0 : 1, error.Description!.Length == 0 ? 0 : 1);
        if (kind.Placeholders.Count > 0) Assert.Throws<ArgumentException>(() => kind.Render());
    }

    [Fact]
    public void Codes_are_unique_and_in_nats_servers_ranges()
    {
        Assert.Equal(JsApiErrors.All.Count, JsApiErrors.All.Select(k => k.ErrCode).Distinct().Count());
        Assert.Equal(JsApiErrors.All.Count, JsApiErrors.All.Select(k => k.Name).Distinct().Count());
        Assert.All(JsApiErrors.All, k => Assert.InRange(k.ErrCode, 10001, 10999));
        Assert.All(JsApiErrors.All, k => Assert.Contains(k.Code, new[] { 400, 404, 408, 409, 412, 413, 429, 500, 503 }));
        Assert.Equal(132, JsApiErrors.All.Count(k => k.Since == NatsVersion.V2_9));
    }

    [Fact]
    public void Well_known_codes_and_texts_are_nats_servers()
    {
        Assert.Equal(new ApiError(404, 10059, "stream not found"), JsApiErrors.StreamNotFound.Render());
        Assert.Equal(new ApiError(404, 10014, "consumer not found"), JsApiErrors.ConsumerNotFound.Render());
        Assert.Equal(new ApiError(400, 10058, "stream name already in use with a different configuration"), JsApiErrors.StreamNameExist.Render());
        Assert.Equal(new ApiError(400, 10025, "invalid JSON: unexpected end"), JsApiErrors.InvalidJSON.Render(("err", new FormatException("unexpected end"))));
    }

    [Fact]
    public void An_error_without_err_code_or_description_leaves_them_out_as_nats_server_does()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new ApiError(503, 0, null), JsApiJsonContext.Default.ApiError);
        Assert.Equal("""{"code":503}""", json);
    }
}
