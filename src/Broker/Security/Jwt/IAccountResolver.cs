namespace WebBroker.Broker.Security.Jwt;

/// <summary>
/// Where operator mode finds account JWTs (nats-server's account resolver). Tokens are stored as
/// given; the server verifies them before any use.
/// </summary>
public interface IAccountResolver : IDisposable
{
    /// <summary>The account's JWT, or null when it is unknown.</summary>
    string? Fetch(string account);

    /// <summary>Keeps <paramref name="jwt"/> as the account's token.</summary>
    void Store(string account, string jwt);

    /// <summary>The accounts whose tokens are held.</summary>
    IReadOnlyList<string> List();

    /// <summary>Forgets the account's token; false when this resolver cannot delete (only the full one can).</summary>
    bool Delete(string account) => false;

    /// <summary>Whether updates arrive through the system account's claims requests and are kept
    /// (the <c>full</c> resolver), rather than only applied to accounts in use (<c>MEMORY</c>).</summary>
    bool TracksUpdates { get; }
}
