using System.Text.Json;

namespace WebBroker.Dashboard.Data;

/// <summary>One $SYS advisory as the Events page lists it: what happened, to which client of which account.</summary>
public sealed record DashboardEvent(DateTime Time, string Kind, string Account, ulong Cid, string Name, string Host, string User, string Reason)
{
    public const string Connect = "connect";
    public const string Disconnect = "disconnect";
    public const string AuthError = "auth error";

    /// <summary>Reads a client connect/disconnect or auth error advisory; null for anything else.</summary>
    public static DashboardEvent? From(string subject, JsonElement json)
    {
        var kind = subject.EndsWith(".CONNECT", StringComparison.Ordinal) ? Connect
            : subject.EndsWith(".DISCONNECT", StringComparison.Ordinal) ? Disconnect
            : subject.EndsWith(".AUTH.ERR", StringComparison.Ordinal) ? AuthError : null;
        if (kind is null || json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("client", out var c)) return null;
        var time = json.TryGetProperty("timestamp", out var t) && t.TryGetDateTime(out var at) ? at.ToUniversalTime() : DateTime.UtcNow;
        return new DashboardEvent(time, kind, Text(c, "acc"), c.TryGetProperty("id", out var id) && id.TryGetUInt64(out var cid) ? cid : 0,
            Text(c, "name"), Text(c, "host"), Text(c, "user"), Text(json, "reason"));
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    /// <summary>Whether any field contains <paramref name="filter"/> (case-insensitive).</summary>
    public bool Matches(string filter) => filter.Length == 0
        || new[] { Kind, Account, Name, Host, User, Reason, Cid.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Any(f => f.Contains(filter, StringComparison.OrdinalIgnoreCase));
}
