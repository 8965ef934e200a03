using System.Text.Json;

namespace WebBroker.Dashboard.Data;

/// <summary>One connection as /connz describes it, with what the tables show and sort by.</summary>
public sealed record ConnectionRow(ulong Cid, string Name, string Account, string Ip, int Port, int Subscriptions,
    long InMsgs, long OutMsgs, long InBytes, long OutBytes, long Pending, string Idle, string Uptime, string Reason, IReadOnlyList<string> Subjects)
{
    public static ConnectionRow From(JsonElement c) => new(
        c.TryGetProperty("cid", out var cid) ? cid.GetUInt64() : 0,
        Text(c, "name"), Text(c, "account"), Text(c, "ip"),
        c.TryGetProperty("port", out var port) ? port.GetInt32() : 0,
        Int(c, "subscriptions"), Long(c, "in_msgs"), Long(c, "out_msgs"), Long(c, "in_bytes"), Long(c, "out_bytes"),
        Long(c, "pending_bytes"), Text(c, "idle"), Text(c, "uptime"), Text(c, "reason"),
        c.TryGetProperty("subscriptions_list", out var subs) && subs.ValueKind == JsonValueKind.Array
            ? [.. subs.EnumerateArray().Select(s => s.GetString() ?? "")]
            : c.TryGetProperty("subscriptions_list_detail", out var detail) && detail.ValueKind == JsonValueKind.Array
                ? [.. detail.EnumerateArray().Select(s => Text(s, "subject"))]
                : []);

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
    private static long Long(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
    private static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : 0;

    /// <summary>The filter of the Connections page: name, account, IP or a subscribed subject contains it.</summary>
    public bool Matches(string filter) => filter.Length == 0
        || Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || Account.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || Ip.Contains(filter, StringComparison.Ordinal)
        || Subjects.Any(s => s.Contains(filter, StringComparison.Ordinal));

    /// <summary>Sorts rows by a column name as the table headers name them.</summary>
    public static IEnumerable<ConnectionRow> Sort(IEnumerable<ConnectionRow> rows, string column, bool descending)
    {
        Func<ConnectionRow, IComparable> key = column switch
        {
            "name" => r => r.Name,
            "account" => r => r.Account,
            "ip" => r => r.Ip,
            "subs" => r => r.Subscriptions,
            "in" => r => r.InMsgs,
            "out" => r => r.OutMsgs,
            "pending" => r => r.Pending,
            _ => r => r.Cid,
        };
        return descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
    }
}
