using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Security;
using WebBroker.Broker.Security.Jwt;

namespace WebBroker.Broker.Server;

/// <summary>
/// The full resolver's store as the system account manages it, with nats-server's rules: deleting accounts on
/// the operator's signed request (<c>$SYS.REQ.CLAIMS.DELETE</c>) and packing every held token
/// (<c>$SYS.REQ.CLAIMS.PACK</c>).
/// </summary>
public sealed partial class NatsServer
{
    /// <summary>
    /// Deletes the accounts a generic JWT lists under <c>nats.accounts</c>. The token must be self-signed by the
    /// operator or one of its signing keys, the resolver must allow deletes, and the system account cannot be
    /// deleted. Clients of a deleted account are closed as expired, and the account can no longer be used.
    /// Returns nats-server's message and, when refused, the reason.
    /// </summary>
    internal (string Message, string? Error) DeleteAccounts(string request)
    {
        var claims = JwtCodec.DecodeVerified(request);
        var subject = claims is { } c ? c.Str("sub") : "";
        List<string>? accounts = null;
        var error = claims is null ? "invalid delete request JWT" : DeleteRefusal(claims.Value, out accounts);
        if (error is not null) return ($"delete accounts request by {subject} failed", error);
        var deleted = 0;
        foreach (var account in accounts!)
        {
            // As nats-server, an account the store does not hold counts as deleted.
            if (_resolver!.Delete(account)) deleted++;
            Retire(account);
        }
        Logger.LogInformation("Deleted {Count} accounts on the request of {Operator}", deleted, subject);
        return ($"deleted {deleted} accounts", null);
    }

    private string? DeleteRefusal(JsonElement claims, out List<string>? accounts)
    {
        accounts = null;
        var subject = claims.Str("sub");
        var issuer = claims.Str("iss");
        if (Options.Operator?.Resolver is not { AllowDelete: true }) return "delete must be enabled in server config";
        if (subject != issuer) return "not self signed";
        if (!OperatorKeys().Contains(issuer)) return "not trusted";
        var nats = claims.Obj("nats");
        if (!nats.TryGetProperty("accounts", out var list) || list.ValueKind != JsonValueKind.Array) return "malformed request";
        accounts = [];
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String
                || !NKeyEncoding.TryDecodePublicKey(entry.GetString()!, NKeyEncoding.PrefixAccount, out _)) return "malformed request";
            if (entry.GetString() == SystemAccount.Name) return "not allowed to delete system account";
            accounts.Add(entry.GetString()!);
        }
        return null;
    }

    /// <summary>nats-server lets the first operator (its identity unless strict, and its signing keys) delete.</summary>
    private HashSet<string> OperatorKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (Options.Operator?.OperatorJwts is not [var first, ..] || OperatorClaims.From(JwtCodec.DecodeVerified(first)) is not { } op) return keys;
        if (!op.StrictSigningKeyUsage) keys.Add(op.Subject);
        keys.UnionWith(op.SigningKeys);
        return keys;
    }

    /// <summary>A deleted account: its clients are closed as expired, and it is looked up afresh (and not found)
    /// by the next client; imports of it end.</summary>
    private void Retire(string name)
    {
        lock (_jwtLock)
        {
            if (!_accounts.TryGetValue(name, out var account) || account.Jwt is null) return;
            account.Jwt = null;
            account.RawJwt = null;
            RelinkJwtAccounts();
            foreach (var client in _clients.Values.Where(c => c.Account == account && c.JwtUser is not null))
                client.Close(ClosedReason.AuthenticationExpired, ProtocolErrors.AccountExpired);
        }
    }

    /// <summary>
    /// The answer to a pack request: nothing but the end marker when <paramref name="theirHash"/> matches the
    /// store's hash (the XOR of every token's SHA-256, as nats-server keeps it); otherwise one
    /// <c>account|jwt</c> message per unexpired token, in key order, then the end marker (an empty message).
    /// </summary>
    internal IEnumerable<byte[]> PackAccounts(ReadOnlySpan<byte> theirHash)
    {
        var held = _resolver!.List().Select(a => (Account: a, Jwt: _resolver.Fetch(a))).Where(e => e.Jwt is not null).ToList();
        var ours = new byte[SHA256.HashSizeInBytes];
        foreach (var (_, jwt) in held)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(jwt!));
            for (var i = 0; i < ours.Length; i++) ours[i] ^= hash[i];
        }
        var messages = new List<byte[]>();
        if (!theirHash.SequenceEqual(ours))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (var (account, jwt) in held.OrderBy(e => e.Account, StringComparer.Ordinal))
            {
                var expires = JwtCodec.DecodeVerified(jwt) is { } c ? c.Long("exp", 0) : 0;
                if (expires > 0 && expires < now) continue;
                messages.Add(Encoding.UTF8.GetBytes($"{account}|{jwt}"));
            }
        }
        messages.Add([]);
        return messages;
    }
}
