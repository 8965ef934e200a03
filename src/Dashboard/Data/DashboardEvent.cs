using System.Text.Json;

namespace WebBroker.Dashboard.Data;

/// <summary>One $SYS advisory as the Events page lists it: what happened, to which client of which account.</summary>
public sealed record DashboardEvent(DateTime Time, string Kind, string Account, ulong Cid, string Name, string Host, string User, string Reason)
{
    public const string Connect = "connect";
    public const string Disconnect = "disconnect";
    public const string AuthError = "auth error";
    public const string AuthSummary = "auth summary";

    /// <summary>Reads a client connect/disconnect or auth error advisory, or an auth failure summary; null for anything else.</summary>
    public static DashboardEvent? From(string subject, JsonElement json)
    {
        if (subject.EndsWith(".AUTH.SUMMARY", StringComparison.Ordinal)) return Summary(json);
        var kind = subject.EndsWith(".CONNECT", StringComparison.Ordinal) ? Connect
            : subject.EndsWith(".DISCONNECT", StringComparison.Ordinal) ? Disconnect
            : subject.EndsWith(".AUTH.ERR", StringComparison.Ordinal) ? AuthError : null;
        if (kind is null || json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("client", out var c)) return null;
        var time = json.TryGetProperty("timestamp", out var t) && t.TryGetDateTime(out var at) ? at.ToUniversalTime() : DateTime.UtcNow;
        return new DashboardEvent(time, kind, Text(c, "acc"), c.TryGetProperty("id", out var id) && id.TryGetUInt64(out var cid) ? cid : 0,
            Text(c, "name"), Text(c, "host"), Text(c, "user"), Text(json, "reason"));
    }

    /// <summary>WebBroker's summary of the authentication failures of a few seconds: the counts go in Reason.</summary>
    private static DashboardEvent? Summary(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("failures", out var f) || !f.TryGetInt32(out var failures)) return null;
        var time = json.TryGetProperty("timestamp", out var t) && t.TryGetDateTime(out var at) ? at.ToUniversalTime() : DateTime.UtcNow;
        var reason = $"{failures} authentication errors; users: {Counts(json, "users", "other_users", quote: true)}; addresses: {Counts(json, "addresses", "other_addresses", quote: false)}";
        return new DashboardEvent(time, AuthSummary, "", 0, "", "", "", reason);
    }

    private static string Counts(JsonElement json, string list, string others, bool quote)
    {
        var parts = new List<string>();
        if (json.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
            foreach (var item in items.EnumerateArray())
            {
                var name = Text(item, "name");
                var count = item.TryGetProperty("count", out var c) && c.TryGetInt32(out var n) ? n : 0;
                parts.Add($"{(quote ? (name.Length == 0 ? "(none)" : $"\"{name}\"") : name)} {count}");
            }
        if (json.TryGetProperty(others, out var o) && o.TryGetInt32(out var rest) && rest > 0) parts.Add($"others {rest}");
        return string.Join(", ", parts);
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    /// <summary>Whether any field contains <paramref name="filter"/> (case-insensitive).</summary>
    public bool Matches(string filter) => filter.Length == 0
        || new[] { Kind, Account, Name, Host, User, Reason, Cid.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Any(f => f.Contains(filter, StringComparison.OrdinalIgnoreCase));
}
