using System.Text.RegularExpressions;
using WebBroker.Broker.Security;
using WebBroker.Broker.Security.Jwt;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    [GeneratedRegex(@"(?i)(MEM|MEMORY)\s*")]
    private static partial Regex MemoryResolver();

    /// <summary>nats-server's form: <c>URL("http://…")</c>, the quotes optional.</summary>
    [GeneratedRegex(@"(?i)(?:URL){1}(?:\({1}\s*""?([^\s""]*)""?\s*\){1})?\s*")]
    private static partial Regex UrlResolver();

    /// <summary>Operator mode's keys: <c>operator</c>, <c>trusted_keys</c>, <c>resolver</c>, <c>resolver_preload</c>.
    /// The checks nats-server makes of them together run once the whole file is read.</summary>
    private sealed partial class Binding
    {
        private ConfigEntry? _operatorEntry;

        private OperatorOptions Operator => options.Operator ??= new OperatorOptions();

        private void ApplyOperatorMode(string key, ConfigEntry entry)
        {
            if (_operatorEntry is null)
            {
                _operatorEntry = entry;
                _postChecks.Add(() => ValidateOperatorMode(_operatorEntry));
            }
            switch (key)
            {
                case "resolver" or "account_resolver" or "accounts_resolver":
                    Operator.Resolver = Resolver(entry);
                    break;
                case "resolver_preload":
                    if (entry.Value is not ConfigMap preload) throw entry.Value.Error("preload should be a map of account_public_key:account_jwt");
                    foreach (var item in preload)
                    {
                        if (item.Value is not ConfigScalar { Kind: ConfigValueKind.String }) throw item.Value.Error("preload map value should be a string JWT");
                        var jwt = item.Value.AsString();
                        if (AccountClaims.From(JwtCodec.DecodeVerified(jwt)) is null) throw item.Value.Error("invalid account JWT");
                        Operator.Preload[item.Key] = jwt;
                    }
                    break;
                case "trusted" or "trusted_keys":
                    var keys = entry.Value is ConfigArray array ? [.. array.Select(v => v.AsString())] : new List<string> { String(entry) };
                    foreach (var k in keys)
                        if (!NKeyEncoding.TryDecodePublicKey(k, NKeyEncoding.PrefixOperator, out _))
                            throw entry.Value.Error($"trust key \"{k}\" required to be a valid public operator nkey");
                    Operator.TrustedKeys = keys;
                    break;
                default: // operator and its aliases: files, or the JWTs inline
                    var sources = entry.Value is ConfigArray list ? [.. list.Select(v => v.AsString())] : new List<string> { String(entry) };
                    foreach (var source in sources)
                    {
                        var jwt = ReadOperatorJwt(source, entry);
                        if (OperatorClaims.From(JwtCodec.DecodeVerified(jwt)) is not { } claims) throw entry.Value.Error("error parsing operator JWT: not a valid operator JWT");
                        Operator.OperatorJwts.Add(jwt);
                        if (sources.Count == 1 && options.SystemAccount is null && claims.SystemAccount.Length > 0) options.SystemAccount = claims.SystemAccount;
                        // As nats-server: one operator with an account server and no resolver of the config's own
                        // fetches accounts from that server's /accounts (a resolver key, before or after, wins).
                        if (sources.Count == 1 && Operator.Resolver is null && claims.AccountServerUrl.Trim() is { Length: > 0 } server)
                            Operator.Resolver = new ResolverOptions { Kind = ResolverKind.Url, Url = server + "/accounts" };
                    }
                    break;
            }
        }

        private static string ReadOperatorJwt(string source, ConfigEntry entry)
        {
            if (File.Exists(source)) return JwtCodec.Undecorate(File.ReadAllText(source));
            if (source.StartsWith("eyJ", StringComparison.Ordinal)) return JwtCodec.Undecorate(source);
            throw entry.Value.Error($"error parsing operator JWT: open {source}: no such file or directory");
        }

        private static ResolverOptions Resolver(ConfigEntry entry)
        {
            const string Expected = "error parsing account resolver, should be MEM or  URL(\"url\") or a map containing dir and type state=[FULL|CACHE])";
            if (entry.Value is ConfigScalar { Kind: ConfigValueKind.String } text)
            {
                var value = text.AsString();
                if (MemoryResolver().IsMatch(value)) return new ResolverOptions { Kind = ResolverKind.Memory };
                var url = UrlResolver().Match(value);
                if (!url.Success) throw entry.Value.Error(Expected);
                var address = url.Groups[1].Value.Trim();
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw entry.Value.Error($"error parsing account resolver url [\"{address}\"]");
                return new ResolverOptions { Kind = ResolverKind.Url, Url = address };
            }
            if (entry.Value is not ConfigMap map) throw entry.Value.Error($"error parsing operator resolver, wrong type {entry.Value.Describe()}");
            var resolver = new ResolverOptions();
            var type = map.TryGetValue("type", out var t) ? t.AsString().ToUpperInvariant() : "";
            resolver.Directory = map.TryGetValue("dir", out var d) ? d.AsString() : "";
            resolver.AllowDelete = map.TryGetValue("allow_delete", out var del) && del is ConfigScalar { Value: true };
            switch (type)
            {
                case "FULL" or "CACHE":
                    if (resolver.Directory.Length == 0) throw entry.Value.Error("dir has no value and needs to point to a directory");
                    if (File.Exists(resolver.Directory)) throw entry.Value.Error("dir needs to point to an accessible directory");
                    if (type == "CACHE" && resolver.AllowDelete) throw entry.Value.Error("CACHE does not accept allow_delete");
                    resolver.Kind = type == "FULL" ? ResolverKind.Full : ResolverKind.Cache;
                    return resolver;
                case "MEM" or "MEMORY":
                    resolver.Kind = ResolverKind.Memory;
                    return resolver;
                default:
                    throw entry.Value.Error(Expected);
            }
        }

        /// <summary>nats-server's validateTrustedOperators: what operator mode excludes and requires.</summary>
        private void ValidateOperatorMode(ConfigEntry at)
        {
            var op = options.Operator!;
            if (op.OperatorJwts.Count == 0 && op.TrustedKeys.Count == 0) return;
            if (op.OperatorJwts.Count == 0)
                throw at.Value.Error("trusted_keys without an operator JWT are not yet supported by WebBroker; refusing to start without the accounts it would need");
            if (op.Resolver is null) throw at.Value.Error("operators require an account resolver to be configured");
            if (options.Accounts.Count > 0) throw at.Value.Error("operators do not allow Accounts to be configured directly");
            if (options.Users.Count > 0) throw at.Value.Error("operators do not allow users to be configured directly");
            if (op.TrustedKeys.Count > 0) throw at.Value.Error("conflicting options for 'TrustedKeys' and 'TrustedOperators'");
            var operators = op.OperatorJwts.Select(j => OperatorClaims.From(JwtCodec.DecodeVerified(j))!).ToList();
            if (options.SystemAccount is { } system)
            {
                if (operators.Any(o => o.SystemAccount.Length > 0) && operators.All(o => o.SystemAccount != system))
                    throw at.Value.Error("system_account in config and operator JWT must be identical");
            }
            else if (op.Resolver.Kind is ResolverKind.Full or ResolverKind.Cache)
            {
                throw at.Value.Error("using nats based account resolver - the system account needs to be specified in configuration or the operator jwt");
            }
            if (op.Resolver.Kind == ResolverKind.Url && op.Preload.Count > 0)
                throw at.Value.Error("resolver preloads only available for writeable resolver types MEM/DIR/CACHE_DIR");
        }
    }
}
