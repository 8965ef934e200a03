using System.Text;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// One of nats-server's JetStream API errors (see <see cref="JsApiErrors"/>). The description may hold
/// placeholders such as <c>{err}</c> or <c>{subject}</c>; <see cref="Render"/> fills them in and gives the
/// <see cref="ApiError"/> that goes on the wire.
/// </summary>
public sealed class JsApiErrorKind
{
    public JsApiErrorKind(string name, int code, ushort errCode, string description, NatsVersion since)
    {
        Name = name;
        Code = code;
        ErrCode = errCode;
        Description = description;
        Since = since;
        Placeholders = ParsePlaceholders(description);
    }

    /// <summary>Our name for it: nats-server's constant without <c>JS</c> and <c>Err</c>.</summary>
    public string Name { get; }

    /// <summary>The HTTP-like status: 400, 404, 500, 503...</summary>
    public int Code { get; }

    /// <summary>The stable JetStream error number clients test for (10059 stream not found, ...).</summary>
    public ushort ErrCode { get; }

    /// <summary>The description template, placeholders in braces.</summary>
    public string Description { get; }

    public NatsVersion Since { get; }

    /// <summary>The placeholder names the description holds, without braces, in order of appearance.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>The error for the wire. Every placeholder must be given (a missing one is a bug in the caller,
    /// not something to send a client); values that are exceptions give their message, as nats-server's
    /// <c>{err}</c> gives the Go error's text.</summary>
    public ApiError Render(params ReadOnlySpan<(string Name, object? Value)> values)
    {
        if (Placeholders.Count == 0)
        {
            if (values.Length != 0) throw new ArgumentException($"{Name} takes no values", nameof(values));
            return new ApiError(Code, ErrCode, Description);
        }
        var text = new StringBuilder(Description);
        foreach (var placeholder in Placeholders)
        {
            var found = false;
            foreach (var (name, value) in values)
            {
                if (name != placeholder) continue;
                text.Replace("{" + placeholder + "}", value is Exception e ? e.Message : value?.ToString() ?? "");
                found = true;
                break;
            }
            if (!found) throw new ArgumentException($"{Name} needs {{{placeholder}}}", nameof(values));
        }
        return new ApiError(Code, ErrCode, text.ToString());
    }

    /// <summary>Whether <paramref name="error"/> is this kind (nats-server's <c>IsNatsErr</c>): by err_code.</summary>
    public bool Is(ApiError? error) => error is not null && error.ErrCode == ErrCode;

    public override string ToString() => $"{Name} ({Code}/{ErrCode}): {Description}";

    private static string[] ParsePlaceholders(string description)
    {
        var names = new List<string>();
        for (var start = description.IndexOf('{'); start >= 0; start = description.IndexOf('{', start + 1))
        {
            var end = description.IndexOf('}', start);
            if (end < 0) break;
            var name = description[(start + 1)..end];
            if (!names.Contains(name)) names.Add(name);
        }
        return [.. names];
    }
}
