using Microsoft.Extensions.Logging;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Security;
using WebBroker.Broker.Security.Jwt;

namespace WebBroker.Broker.Server;

/// <summary>
/// Operator mode: accounts come as JWTs signed by a trusted operator (or one of its signing keys),
/// found through the resolver, and users present JWTs signed by their account (or one of its signing
/// keys) plus the INFO nonce signed with their own key. Nothing in the chain is trusted unverified.
/// </summary>
public sealed partial class NatsServer
{
    private HashSet<string>? _trustedKeys;
    private IAccountResolver? _resolver;
    private readonly Lock _jwtLock = new();
    private Timer? _activationTimer;

    /// <summary>Whether users authenticate with JWTs issued under trusted operators.</summary>
    public bool OperatorMode => _trustedKeys is not null;

    public IAccountResolver? Resolver => _resolver;

    private void InitOperatorMode(ServerOptions options)
    {
        if (options.Operator is not { OperatorJwts.Count: > 0 } op) return;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var jwt in op.OperatorJwts)
        {
            if (OperatorClaims.From(JwtCodec.DecodeVerified(jwt)) is not { } claims) continue;
            if (!claims.StrictSigningKeyUsage) keys.Add(claims.Subject);
            keys.UnionWith(claims.SigningKeys);
        }
        _trustedKeys = keys;
        _resolver = op.Resolver?.Kind switch
        {
            ResolverKind.Full or ResolverKind.Cache => new SqliteAccountResolver(op.Resolver.Directory),
            ResolverKind.Url => new UrlAccountResolver(op.Resolver.Url, Logger),
            _ => new MemoryAccountResolver(),
        };
        // As nats-server: an account server that does not answer its base URL stops start-up.
        if (_resolver is UrlAccountResolver url && !url.Reachable(out var unreachable))
        {
            _resolver.Dispose();
            throw new Configuration.ConfigException(unreachable);
        }
        foreach (var (account, jwt) in op.Preload)
        {
            // A preloaded token never replaces a newer one the full resolver already holds.
            if (_resolver.TracksUpdates && _resolver.Fetch(account) is { } held
                && AccountClaims.From(JwtCodec.DecodeVerified(held)) is { } current
                && AccountClaims.From(JwtCodec.DecodeVerified(jwt)) is { } preloaded
                && current.IssuedAt > preloaded.IssuedAt) continue;
            _resolver.Store(account, jwt);
        }
    }

    /// <summary>A verified account token: well formed, signed by a trusted key, for <paramref name="account"/> when given.</summary>
    internal AccountClaims? VerifyAccountJwt(string jwt, string? account, out string error)
    {
        error = "";
        if (AccountClaims.From(JwtCodec.DecodeVerified(jwt)) is not { } claims)
        {
            error = "invalid account JWT";
            return null;
        }
        if (account is not null && claims.Subject != account)
        {
            error = "subject does not match jwt content";
            return null;
        }
        if (_trustedKeys is null || !_trustedKeys.Contains(claims.Issuer))
        {
            error = "not trusted";
            return null;
        }
        return claims;
    }

    /// <summary>The account named by its public key, loaded from the resolver on first use, and asked for again
    /// once its token has expired. The resolver is asked outside the lock: an account server may take its time.</summary>
    internal Account? LookupJwtAccount(string name)
    {
        if (_resolver is null) return null;
        if (_accounts.TryGetValue(name, out var known) && known.Jwt is { } current)
            return current.IsExpired(DateTimeOffset.UtcNow) ? RefreshExpired(known) : known;
        if (_resolver.Fetch(name) is not { } jwt) return null;
        lock (_jwtLock)
        {
            var account = InstallJwtAccount(name, jwt);
            if (account is not null) RelinkJwtAccounts();
            return account;
        }
    }

    /// <summary>As nats-server, an expired account is fetched again from the resolver, so that a renewed token (from
    /// an account server, say) takes over; until then the account stays expired.</summary>
    private Account RefreshExpired(Account account)
    {
        if (_resolver!.Fetch(account.Name) is not { } jwt || jwt == account.RawJwt) return account;
        lock (_jwtLock)
        {
            if (account.Jwt is { } current && current.IsExpired(DateTimeOffset.UtcNow) && VerifyAccountJwt(jwt, account.Name, out _) is { } fresh)
                ApplyAccountClaims(account, fresh, jwt);
            return account;
        }
    }

    /// <summary>Installs the resolver's token for the account if it has none yet (no linking).</summary>
    private Account? LoadJwtAccount(string name)
    {
        if (_accounts.TryGetValue(name, out var known) && known.Jwt is not null) return known;
        return _resolver?.Fetch(name) is { } jwt ? InstallJwtAccount(name, jwt) : null;
    }

    /// <summary>Installs a verified token for an account that has none yet (no linking); the lock is held.</summary>
    private Account? InstallJwtAccount(string name, string jwt)
    {
        if (_accounts.TryGetValue(name, out var known) && known.Jwt is not null) return known;
        if (VerifyAccountJwt(jwt, name, out _) is not { } claims) return null;
        var account = GetOrAddAccount(name);
        account.Jwt = claims;
        account.RawJwt = jwt;
        return account;
    }

    /// <summary>Whether <paramref name="key"/> is a trusted operator's key (or one of its signing keys).</summary>
    internal bool TrustsOperatorKey(string key) => _trustedKeys?.Contains(key) == true;

    /// <summary>
    /// An account JWT pushed through the system account. A full resolver keeps it; either resolver applies it
    /// to the account if in use. Returns the message nats-server answers with, or an error.
    /// </summary>
    internal (string Account, string Message, string? Error) UpdateAccountJwt(string jwt, string? subjectAccount)
    {
        var claims = VerifyAccountJwt(jwt, subjectAccount, out var error);
        if (claims is null)
        {
            var account = subjectAccount ?? "n/a";
            return error == "not trusted" ? (account, "jwt validation failed", error) : (account, "jwt update resulted in error", error);
        }
        lock (_jwtLock)
        {
            var loaded = _accounts.TryGetValue(claims.Subject, out var account) && account.Jwt is not null;
            if (!_resolver!.TracksUpdates && !loaded) return (claims.Subject, "jwt update skipped", null);
            if (loaded && account!.Jwt!.IssuedAt > claims.IssuedAt) return (claims.Subject, "jwt updated", null); // an older token changes nothing
            _resolver.Store(claims.Subject, jwt);
            if (loaded) ApplyAccountClaims(account!, claims, jwt);
        }
        Logger.LogInformation("Account {Account} updated from its JWT", claims.Subject);
        return (claims.Subject, "jwt updated", null);
    }

    /// <summary>Installs claims on an account: links its imports and exports again, and closes the connections
    /// the new claims no longer allow (revoked, bearer not allowed, signing key gone, over the connection limit).</summary>
    private void ApplyAccountClaims(Account account, AccountClaims claims, string jwt)
    {
        account.Jwt = claims;
        account.RawJwt = jwt;
        RelinkJwtAccounts();
        var over = claims.MaxConnections < 0 ? int.MaxValue : (int)Math.Min(claims.MaxConnections, int.MaxValue);
        var kept = 0;
        foreach (var client in _clients.Values.Where(c => c.Account == account && c.JwtUser is not null).OrderBy(c => c.Id))
        {
            if (Authenticator.Recheck(client.JwtUser!, claims) is { } refusal)
                client.Close(refusal.Reason, refusal.Error);
            else if (++kept > over)
                client.Close(ClosedReason.MaxAccountConnectionsExceeded, ProtocolErrors.MaxAccountConnections);
        }
    }

    /// <summary>Rebuilds every JWT account's stream and service links from the claims: an import is linked when
    /// the exporter's claims export it, and a private export only with a valid activation.</summary>
    private void RelinkJwtAccounts()
    {
        // Exporters are loaded first (and theirs, transitively), so every import sees its exporter's claims.
        for (var loaded = true; loaded;)
        {
            loaded = false;
            foreach (var account in _accounts.Values.Where(a => a.Jwt is not null).ToList())
                foreach (var import in account.Jwt!.Imports)
                    if (!(_accounts.TryGetValue(import.Account, out var e) && e.Jwt is not null) && LoadJwtAccount(import.Account) is not null)
                        loaded = true;
        }
        var accounts = _accounts.Values.Where(a => a.Jwt is not null).ToList();
        long nextExpiry = 0;
        var streams = accounts.ToDictionary(a => a, _ => new List<StreamImport>());
        var services = accounts.ToDictionary(a => a, _ => new List<ServiceImport>());
        // Imports that would close a cycle are left out, as nats-server leaves them incomplete.
        var cycles = new ImportCycles(name => _accounts.TryGetValue(name, out var a) && a.Jwt is { } c ? c.Exports.Where(e => !e.IsService).Select(e => e.Subject) : []);
        foreach (var importer in accounts)
        {
            foreach (var import in importer.Jwt!.Imports)
            {
                if (!_accounts.TryGetValue(import.Account, out var exporter) || exporter.Jwt is not { } exporterClaims) continue;
                var export = exporterClaims.Exports.FirstOrDefault(e => e.IsService == import.IsService && Subjects.SubjectPattern.Matches(e.Subject, import.Subject));
                if (export is null) continue;
                if (export.TokenRequired)
                {
                    if (!ActivationValid(import, export, exporter, importer, out var expires)) continue;
                    if (expires > 0 && (nextExpiry == 0 || expires < nextExpiry)) nextExpiry = expires;
                }
                if (!ExportOptions.TokenPositionAllows(export.AccountTokenPosition, import.Subject, importer.Name)) continue;
                if (import.IsService)
                {
                    var local = import.LocalSubject.Length > 0 ? import.LocalSubject : import.To.Length > 0 ? import.To : import.Subject;
                    var type = export.ResponseType.ToLowerInvariant() switch { "stream" => ResponseType.Stream, "chunked" => ResponseType.Chunked, _ => ResponseType.Singleton };
                    var threshold = export.ResponseThreshold > 0 ? TimeSpan.FromTicks(export.ResponseThreshold / 100) : ServiceReply.DefaultThreshold;
                    if (!cycles.AddService(importer.Name, exporter.Name, local, import.Subject)) continue;
                    services[importer].Add(new ServiceImport(importer, exporter, local, import.Subject, new ServiceReply(type, threshold, export.Latency)));
                }
                else
                {
                    // JWT stream imports: "to" is a prefix, "local_subject" the subject in the importer.
                    var to = StreamImport.LocalSubject(import.Subject, import.To, import.LocalSubject);
                    if (!cycles.AddStream(importer.Name, exporter.Name, to)) continue;
                    streams[importer].Add(new StreamImport(importer, exporter, import.Subject, to));
                }
            }
        }
        // An import ends when its activation expires: link again then (nats-server sets a timer likewise).
        _activationTimer?.Dispose();
        _activationTimer = nextExpiry == 0 ? null : new Timer(_ =>
        {
            lock (_jwtLock) RelinkJwtAccounts();
        }, null, TimeSpan.FromSeconds(Math.Max(0, nextExpiry - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + 0.5), Timeout.InfiniteTimeSpan);
        foreach (var account in accounts) ApplyImports(account, services[account], streams[account]);
    }

    /// <summary>An import's activation token: issued by the exporter (or its signing key) to the importer, for
    /// the imported subject, unexpired, and not revoked by the export.</summary>
    private static bool ActivationValid(JwtImport import, JwtExport export, Account exporter, Account importer, out long expires)
    {
        expires = 0;
        if (ActivationClaims.From(JwtCodec.DecodeVerified(import.Token)) is not { } activation) return false;
        expires = activation.Expires;
        var claims = exporter.Jwt!;
        var issuerAccount = activation.IssuerAccount.Length > 0 ? activation.IssuerAccount : activation.Issuer;
        if (issuerAccount != exporter.Name) return false;
        if (activation.Issuer != exporter.Name && !claims.SigningKeys.ContainsKey(activation.Issuer)) return false;
        if (activation.Subject != importer.Name || activation.IsExpired(DateTimeOffset.UtcNow)) return false;
        if (!Subjects.SubjectPattern.Matches(activation.ImportSubject, import.Subject)) return false;
        return !AccountClaims.Revoked(export.Revocations, importer.Name, activation.IssuedAt);
    }
}
