using WebBroker.Broker.Clients;
using WebBroker.Broker.Subjects;

namespace WebBroker.Broker.Accounts;

/// <summary>
/// A tenant: its own subject space (one subject index per account), so nothing published in one
/// account reaches another. <c>$G</c> holds clients without an account; the system account carries
/// the server's <c>$SYS</c> events and requests.
/// </summary>
public sealed class Account(string name, bool isSystem = false)
{
    public const string Global = "$G";
    public const string DefaultSystem = "$SYS";

    public string Name { get; } = name;
    public bool IsSystem { get; } = isSystem;
    public Sublist<Subscription> Sublist { get; } = new();
    /// <summary>The account's subject mappings; null when it has none (then publishing pays nothing for them).</summary>
    public SubjectMapper? Mapper { get; internal set; }
    /// <summary>Streams and services shared with other accounts; null when the account shares nothing.</summary>
    public AccountLinks? Links { get; internal set; }

    /// <summary>Operator mode: the account's verified claims (its JWT); null for accounts of the config file.</summary>
    public Security.Jwt.AccountClaims? Jwt { get; internal set; }

    /// <summary>The account's JWT as received (answered to claims lookups).</summary>
    internal string? RawJwt { get; set; }

    /// <summary>Client connections bound to the account (for the JWT connection limit).</summary>
    internal int Connections;

    /// <summary>nats-server's internal ACCOUNT client: owns the account's import subscriptions (made when first needed).</summary>
    internal Connections.Connection? InternalClient { get; set; }

    /// <summary>The last sid given to one of the internal client's subscriptions.</summary>
    internal long InternalSids;

    public override string ToString() => Name;
}
