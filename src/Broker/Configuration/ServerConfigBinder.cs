using System.Globalization;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Configuration;

/// <summary>
/// Applies the top level of a nats-server config file onto <see cref="ServerOptions"/>, the way
/// nats-server's <c>processConfigFileLine</c> does: option names ignore case, entries apply in
/// the order written (nats-server's order is random), and values keep nats-server's units
/// (a bare number for a duration counts seconds, <c>0</c> for a limit means its default).
/// <para>
/// What it cannot apply yet (accounts, jetstream, cluster, tls, ...) comes back as a
/// <see cref="ConfigWarningKind.NotYetSupported"/> warning; a key nats-server does not know as
/// <see cref="ConfigWarningKind.UnknownField"/> (nats-server refuses those; a key that served as
/// a <c>$variable</c> is not reported, as in nats-server). Invalid values are collected and
/// thrown together as one <see cref="ConfigException"/>, one line per problem; the options may
/// then be partly applied.
/// </para>
/// </summary>
public static partial class ServerConfigBinder
{
    /// <summary>Top-level keys nats-server knows and WebBroker does not apply yet.</summary>
    private static readonly HashSet<string> NotYetSupported = new(StringComparer.Ordinal)
    {
        "default_sentinel",
        "jetstream", "store_dir", "storedir", "default_js_domain",
        "cluster", "gateway", "leaf", "leafnodes",
        "mqtt",
        "ocsp", "ocsp_cache", "proxy_protocol", "proxies",
        "resolver_tls", "resolver_pinned_accounts",
        "logfile_size_limit", "log_size_limit", "logfile_max_num", "log_max_num", "syslog", "remote_syslog",
        "logtime_utc", "trace_headers", "max_traced_msg_len", "ports_file_dir", "prof_port", "prof_block_rate",
        "disable_sublist_cache", "no_sublist_cache", "max_sub_tokens", "max_subscription_tokens",
        "connect_error_reports", "reconnect_error_reports", "write_timeout", "no_fast_producer_stall",
        "max_closed_clients", "server_tags", "server_metadata", "feature_flags",
    };

    /// <summary>
    /// Top-level keys that restrict who may connect or how. Ignoring one would open the server wider
    /// than its owner asked, so until they are supported the server refuses to start with them.
    /// </summary>
    private static readonly HashSet<string> SecurityNotYetSupported = new(StringComparer.Ordinal)
    {
        "allow_non_tls",
    };

    /// <summary>WebBroker's own top-level blocks, read by the host rather than the engine (e.g. the dashboard's users).</summary>
    public static readonly IReadOnlySet<string> HostBlocks = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "dashboard" };

    /// <summary>Applies <paramref name="document"/> onto <paramref name="options"/>.</summary>
    /// <returns>The warnings, in the order of the file.</returns>
    /// <exception cref="ConfigException">One or more values are invalid; every problem is named with file:line:column.</exception>
    public static IReadOnlyList<ConfigWarning> Apply(ConfigDocument document, ServerOptions options)
    {
        var binding = new Binding(options);
        foreach (var entry in document.Root)
        {
            if (HostBlocks.Contains(entry.Key)) continue;
            binding.Run(entry, binding.ApplyTopLevel);
        }
        return binding.Finish();
    }

    private sealed partial class Binding(ServerOptions options)
    {
        private readonly List<ConfigWarning> _warnings = [];
        private readonly List<ConfigException> _errors = [];

        public IReadOnlyList<ConfigWarning> Finish()
        {
            foreach (var check in _postChecks)
            {
                try
                {
                    check();
                }
                catch (ConfigException ex)
                {
                    _errors.Add(ex);
                }
            }
            return Outcome();
        }

        private IReadOnlyList<ConfigWarning> Outcome() => _errors.Count switch
        {
            0 => _warnings,
            1 => throw _errors[0],
            _ => throw new ConfigException(_errors),
        };

        public void Run(ConfigEntry entry, Action<ConfigEntry> apply)
        {
            try
            {
                apply(entry);
            }
            catch (ConfigException ex)
            {
                _errors.Add(ex);
            }
        }

        public void ApplyTopLevel(ConfigEntry entry)
        {
            var key = entry.Key.ToLowerInvariant();
            switch (key)
            {
                case "listen":
                    var (host, port) = HostPort(entry);
                    options.Host = string.IsNullOrEmpty(host) ? "0.0.0.0" : host;
                    options.Port = port;
                    break;
                case "port":
                    options.Port = Port(entry, Integer(entry));
                    break;
                case "host" or "net":
                    options.Host = String(entry);
                    break;
                case "server_name":
                    var name = String(entry);
                    if (name.Contains(' '))
                    {
                        throw entry.Value.Error("server name cannot contain spaces");
                    }
                    options.ServerName = name;
                    break;
                case "client_advertise":
                    options.ClientAdvertise = String(entry);
                    break;
                case "debug":
                    options.Debug = Boolean(entry);
                    break;
                case "trace":
                    options.Trace = Boolean(entry);
                    break;
                case "trace_verbose":
                    options.TraceVerbose = options.Trace = Boolean(entry);
                    break;
                case "logtime":
                    options.Logtime = Boolean(entry);
                    break;
                case "http":
                    (options.HttpHost, options.HttpPort) = HostPort(entry);
                    break;
                case "https":
                    (options.HttpHost, options.HttpsPort) = HostPort(entry);
                    break;
                case "https_port":
                    options.HttpsPort = Port(entry, Integer(entry));
                    break;
                case "http_port" or "monitor_port":
                    options.HttpPort = Port(entry, Integer(entry));
                    break;
                case "http_base_path":
                    options.HttpBasePath = String(entry);
                    break;
                case "logfile" or "log_file":
                    options.LogFile = String(entry);
                    break;
                case "pidfile" or "pid_file":
                    options.PidFile = String(entry);
                    break;
                case "max_control_line":
                    options.MaxControlLine = Size(entry, int.MaxValue, defaultValue: 4096);
                    break;
                case "max_payload":
                    options.MaxPayload = Size(entry, int.MaxValue, defaultValue: 1024 * 1024);
                    break;
                case "max_pending":
                    options.MaxPending = Size(entry, long.MaxValue, defaultValue: 64L * 1024 * 1024);
                    break;
                case "max_connections" or "max_conn":
                    options.MaxConnections = Size(entry, int.MaxValue, defaultValue: 0);
                    break;
                case "max_subscriptions" or "max_subs":
                    options.MaxSubscriptions = Size(entry, int.MaxValue, defaultValue: 0);
                    break;
                case "ping_interval":
                    options.PingInterval = Duration(entry, defaultValue: TimeSpan.FromMinutes(2));
                    break;
                case "ping_max":
                    options.MaxPingsOut = Size(entry, int.MaxValue, defaultValue: 2);
                    break;
                case "gc_heap_limit":
                    options.GcHeapLimit = Size(entry, long.MaxValue, defaultValue: 0);
                    break;
                case "write_deadline":
                    options.WriteDeadline = Duration(entry, defaultValue: TimeSpan.FromSeconds(10));
                    break;
                case "lame_duck_duration":
                    var lameDuck = StrictDuration(entry);
                    if (lameDuck < TimeSpan.FromSeconds(30))
                    {
                        throw entry.Value.Error($"invalid lame_duck_duration of {String(entry)}, minimum is 30 seconds");
                    }
                    options.LameDuckDuration = lameDuck;
                    break;
                case "lame_duck_grace_period":
                    var grace = StrictDuration(entry);
                    if (grace < TimeSpan.Zero)
                    {
                        throw entry.Value.Error("invalid lame_duck_grace_period, needs to be positive");
                    }
                    options.LameDuckGracePeriod = grace;
                    break;
                case "authorization":
                    foreach (var inner in Map(entry))
                    {
                        Run(inner, ApplyAuthorization);
                    }
                    break;
                case "accounts":
                    CheckImportsAfter(entry);
                    foreach (var acct in Map(entry))
                    {
                        options.Accounts.Add(new Accounts.AccountOptions { Name = acct.Key });
                        if (acct.Value is not ConfigMap body) continue;
                        foreach (var item in body)
                        {
                            switch (item.Key.ToLowerInvariant())
                            {
                                case "users":
                                    options.Users.AddRange(Users(item, acct.Key));
                                    break;
                                case "mappings" or "maps":
                                    options.Accounts[^1].Mappings.AddRange(Mappings(item.Value));
                                    break;
                                case "exports":
                                    options.Accounts[^1].Exports.AddRange(Exports(item.Value));
                                    break;
                                case "imports":
                                    options.Accounts[^1].Imports.AddRange(Imports(item.Value));
                                    break;
                                case "nkeys" or "default_permissions" or "default_permission":
                                    throw item.Value.Error($"\"accounts.{acct.Key}.{item.Key}\" is not yet supported by WebBroker; refusing to start without the access control it asks for");
                                default:
                                    // imports, exports, mappings, jetstream, limits: without them an account can only do less.
                                    Warn(item, $"\"accounts.{acct.Key}.{item.Key}\" is not yet supported by WebBroker and is ignored", ConfigWarningKind.NotYetSupported);
                                    break;
                            }
                        }
                    }
                    break;
                case "mappings" or "maps":
                    options.Mappings.AddRange(Mappings(entry.Value));
                    break;
                case "tls":
                    options.Tls = Tls(entry.Value);
                    break;
                case "http_websocket":
                    ApplyHttpWebSocket(entry);
                    break;
                case "auth_failure_delay":
                    ApplyAuthFailureDelay(entry);
                    break;
                case "websocket" or "ws":
                    foreach (var item in Map(entry)) ApplyWebSocket(item);
                    _postChecks.Add(() => ValidateWebSocket(entry));
                    break;
                case "no_auth_user":
                    options.NoAuthUser = String(entry);
                    break;
                case "system_account" or "system":
                    options.SystemAccount = entry.Value is ConfigScalar { Kind: ConfigValueKind.String } account
                        ? (string)account.Value
                        : throw entry.Value.Error("system account name must be a string");
                    break;
                case "no_system_account" or "no_system" or "no_sys_acc":
                    options.NoSystemAccount = Boolean(entry);
                    break;
                case "operator" or "operators" or "roots" or "root" or "root_operators" or "root_operator"
                    or "resolver" or "account_resolver" or "accounts_resolver" or "resolver_preload" or "trusted" or "trusted_keys":
                    ApplyOperatorMode(key, entry);
                    break;
                case "no_header_support":
                    options.NoHeaderSupport = Boolean(entry);
                    break;
                default:
                    if (SecurityNotYetSupported.Contains(key))
                    {
                        throw entry.Value.Error($"\"{entry.Key}\" is not yet supported by WebBroker; refusing to start without the access control it asks for");
                    }
                    if (NotYetSupported.Contains(key))
                    {
                        Warn(entry, $"\"{entry.Key}\" is not yet supported by WebBroker and is ignored", ConfigWarningKind.NotYetSupported);
                    }
                    else if (!entry.Value.IsReferenced)
                    {
                        Warn(entry, $"unknown field \"{entry.Key}\"", ConfigWarningKind.UnknownField);
                    }
                    break;
            }
        }

        /// <summary>nats-server's validateWebsocketOptions, once the whole file is read.</summary>
        private void ValidateWebSocket(ConfigEntry at)
        {
            var ws = options.WebSocket;
            if (ws.Port is null) return;
            if (ws.Tls is null && !ws.NoTls) throw at.Value.Error("websocket requires TLS configuration");
            // nats-server's validateNoAuthUser, in its order.
            if (ws.NoAuthUser is { } noAuth && options.Users.Count == 0)
                throw at.Value.Error($"no_auth_user: \"{noAuth}\" present, but users are not defined");
            if (ws.NoAuthUser is { } named && options.Users.All(u => u.User != named))
                throw at.Value.Error($"no_auth_user: \"{named}\" not present as user in authorization block or account configuration");
            if (options.Users.Count > 0 && ws.Username is not null)
                throw at.Value.Error("websocket authentication username not compatible with presence of users/nkeys");
            if (options.Users.Count > 0 && ws.Token is not null)
                throw at.Value.Error("websocket authentication token not compatible with presence of users/nkeys");
            if (ws.JwtCookie is { } cookie && options.Operator is not { OperatorJwts.Count: > 0 })
                throw at.Value.Error($"trusted operators or trusted keys configuration is required for JWT authentication via cookie \"{cookie}\"");
        }

        private void ApplyWebSocket(ConfigEntry entry)
        {
            var ws = options.WebSocket;
            switch (entry.Key.ToLowerInvariant())
            {
                case "port":
                    ws.Port = (int)entry.Value.AsInt64();
                    break;
                case "host" or "net":
                    ws.Host = String(entry);
                    break;
                case "listen":
                    var listen = String(entry);
                    var colon = listen.LastIndexOf(':');
                    if (colon < 0 || !int.TryParse(listen[(colon + 1)..], out var port)) throw entry.Value.Error($"could not parse address string \"{listen}\"");
                    if (colon > 0) ws.Host = listen[..colon];
                    ws.Port = port;
                    break;
                case "no_tls":
                    ws.NoTls = Boolean(entry);
                    break;
                case "compression":
                    ws.Compression = Boolean(entry);
                    break;
                case "same_origin":
                    ws.SameOrigin = Boolean(entry);
                    break;
                case "allowed_origins":
                    ws.AllowedOrigins = entry.Value is ConfigArray origins ? [.. origins.Select(o => o.AsString())] : [String(entry)];
                    break;
                case "handshake_timeout":
                    ws.HandshakeTimeout = entry.Value is ConfigScalar { Kind: ConfigValueKind.String } ? StrictDuration(entry) : TimeSpan.FromSeconds(entry.Value.AsDouble());
                    break;
                case "tls":
                    ws.Tls = Tls(entry.Value);
                    break;
                case "no_auth_user":
                    ws.NoAuthUser = String(entry);
                    break;
                case "jwt_cookie":
                    ws.JwtCookie = String(entry);
                    break;
                case "authorization" or "authentication":
                    if (entry.Value is not ConfigMap auth) throw entry.Value.Error("websocket authorization must be a map");
                    foreach (var item in auth)
                    {
                        switch (item.Key.ToLowerInvariant())
                        {
                            case "user" or "username": ws.Username = item.Value.AsString(); break;
                            case "pass" or "password": ws.Password = item.Value.AsString(); break;
                            case "token": ws.Token = item.Value.AsString(); break;
                            case "timeout":
                                ws.AuthTimeout = item.Value is ConfigScalar { Kind: ConfigValueKind.String } ? item.Value.AsDuration() : TimeSpan.FromSeconds(item.Value.AsDouble());
                                break;
                            default:
                                throw item.Value.Error($"unknown field \"{item.Key}\"");
                        }
                    }
                    break;
                default:
                    Warn(entry, $"\"websocket.{entry.Key}\" is not yet supported by WebBroker and is ignored", ConfigWarningKind.NotYetSupported);
                    break;
            }
        }

        private void ApplyAuthorization(ConfigEntry entry)
        {
            var key = entry.Key.ToLowerInvariant();
            switch (key)
            {
                case "timeout":
                    // Seconds, as an integer or a float; or (nats-server 2.10) a duration string.
                    var seconds = entry.Value switch
                    {
                        ConfigScalar { Kind: ConfigValueKind.Integer or ConfigValueKind.Float } => entry.Value.AsDouble(),
                        ConfigScalar { Kind: ConfigValueKind.String } => StrictDuration(entry).TotalSeconds,
                        _ => throw entry.Value.Error($"error parsing authorization config, 'timeout' expects seconds or a duration, got {entry.Value.Describe()}"),
                    };
                    if (seconds < 0)
                    {
                        throw entry.Value.Error("authorization timeout can not be negative");
                    }
                    if (seconds > 60)
                    {
                        Warn(entry, $"timeout of {seconds.ToString(CultureInfo.InvariantCulture)} seconds is high, consider keeping it under 60 seconds " +
                            "(an unquoted 1m is a million; write '1m' for a minute)", ConfigWarningKind.Advice);
                    }
                    options.AuthTimeout = seconds == 0 ? TimeSpan.FromSeconds(2) : Seconds(entry, seconds);
                    break;
                case "user" or "username":
                    options.Username = String(entry);
                    break;
                case "pass" or "password":
                    options.Password = String(entry);
                    break;
                case "token":
                    options.Token = String(entry);
                    break;
                case "users":
                    options.Users.AddRange(Users(entry, account: null));
                    break;
                case "default_permission" or "default_permissions":
                    options.DefaultPermissions = Permissions(entry.Value);
                    break;
                case "nkeys" or "permissions"
                    or "auth_callout" or "auth_hook" or "proxy_required":
                    // Ignoring these would let in clients the owner meant to keep out.
                    throw entry.Value.Error($"\"authorization.{entry.Key}\" is not yet supported by WebBroker; refusing to start without the access control it asks for");
                default:
                    if (!entry.Value.IsReferenced)
                    {
                        Warn(entry, $"unknown field \"{entry.Key}\"", ConfigWarningKind.UnknownField);
                    }
                    break;
            }
        }

        private void Warn(ConfigEntry entry, string message, ConfigWarningKind kind) =>
            _warnings.Add(new ConfigWarning(entry.KeyPosition, message, kind));

        // ---- typed reads: the messages name the key and point at the value

        private static ConfigException Mismatch(ConfigEntry entry, string expected) =>
            entry.Value.Error($"{entry.Key}: expected {expected}, got {entry.Value.Describe()}");

        private static string String(ConfigEntry entry) =>
            entry.Value is ConfigScalar { Kind: ConfigValueKind.String } s ? (string)s.Value : throw Mismatch(entry, "a string");

        private static long Integer(ConfigEntry entry) =>
            entry.Value is ConfigScalar { Kind: ConfigValueKind.Integer } s ? (long)s.Value : throw Mismatch(entry, "an integer");

        private static bool Boolean(ConfigEntry entry) =>
            entry.Value is ConfigScalar { Kind: ConfigValueKind.Boolean } s ? (bool)s.Value : throw Mismatch(entry, "a boolean (true, false, yes, no, on, off)");

        /// <summary>A users list: [ { user, password } ]; a user with permissions or an nkey stops start-up
        /// (ignoring those would grant more than the owner meant).</summary>
        private static IEnumerable<Accounts.UserOptions> Users(ConfigEntry entry, string? account)
        {
            if (entry.Value is not ConfigArray list) throw Mismatch(entry, "an array");
            var users = new List<Accounts.UserOptions>();
            foreach (var item in list)
            {
                if (item is not ConfigMap map) throw item.Error($"{entry.Key}: each user must be a map");
                Security.PermissionOptions? permissions = null;
                foreach (var field in map)
                {
                    var key = field.Key.ToLowerInvariant();
                    if (key is "user" or "username" or "pass" or "password" or "nkey") continue;
                    if (key == "permissions")
                    {
                        permissions = Permissions(field.Value);
                        continue;
                    }
                    throw field.Value.Error($"\"{field.Key}\" of a user is not yet supported by WebBroker; refusing to start without the access control it asks for");
                }
                if (map.TryGetValue("nkey", out var nkeyValue))
                {
                    var nkey = nkeyValue.AsString();
                    if (!Security.NKeyEncoding.TryDecodePublicKey(nkey, Security.NKeyEncoding.PrefixUser, out _))
                        throw nkeyValue.Error($"not a valid public user nkey: {nkey}");
                    users.Add(new Accounts.UserOptions { User = nkey, Nkey = nkey, Password = "", Account = account, Permissions = permissions });
                    continue;
                }
                var name = map.TryGetValue("user", out var u) || map.TryGetValue("username", out u) ? u.AsString() : throw item.Error("a user needs 'user'");
                var password = map.TryGetValue("password", out var p) || map.TryGetValue("pass", out p) ? p.AsString() : ""; // none: verify_and_map users
                users.Add(new Accounts.UserOptions { User = name, Password = password, Account = account, Permissions = permissions });
            }
            return users;
        }

        /// <summary>latency: "subject", or { sampling: 50% | 50, subject: "s" } (nats-server also calls it results).</summary>
        private static Accounts.LatencyOptions Latency(ConfigValue value)
        {
            if (value is ConfigScalar { Kind: ConfigValueKind.String }) return new Accounts.LatencyOptions(value.AsString(), 100);
            if (value is not ConfigMap map) throw value.Error("Expected latency value to be a map or string");
            var subject = map.TryGetValue("subject", out var s) || map.TryGetValue("results", out s) ? s.AsString() : throw value.Error("Latency subject required, but missing");
            var sampling = 100;
            if (map.TryGetValue("sampling", out var sample))
            {
                var text = sample is ConfigScalar { Kind: ConfigValueKind.String } ? sample.AsString().Trim().TrimEnd('%') : sample.AsInt64().ToString(CultureInfo.InvariantCulture);
                if (text.Equals("headers", StringComparison.OrdinalIgnoreCase))
                    throw sample.Error("header-triggered latency sampling is not yet supported by WebBroker");
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out sampling) || sampling is < 1 or > 100)
                    throw sample.Error($"sampling value must be between 1 and 100, got \"{text}\"");
            }
            return new Accounts.LatencyOptions(subject, sampling);
        }

        /// <summary>exports: [ { stream: "s" }, { service: "s", accounts: [B] } ].</summary>
        private static IEnumerable<Accounts.ExportOptions> Exports(ConfigValue value)
        {
            if (value is not ConfigArray list) throw value.Error("exports must be an array");
            foreach (var item in list)
            {
                if (item is not ConfigMap map) throw item.Error("an export must be a map");
                var export = new Accounts.ExportOptions();
                foreach (var entry in map)
                {
                    switch (entry.Key.ToLowerInvariant())
                    {
                        case "stream": export.Subject = entry.Value.AsString(); break;
                        case "service": export.Subject = entry.Value.AsString(); export.IsService = true; break;
                        case "accounts": export.Accounts = entry.Value is ConfigArray a ? [.. a.Select(x => x.AsString())] : [entry.Value.AsString()]; break;
                        case "response_type" or "response":
                            export.ResponseType = entry.Value.AsString().ToLowerInvariant() switch
                            {
                                "single" or "singleton" => Accounts.ResponseType.Singleton,
                                "stream" => Accounts.ResponseType.Stream,
                                "chunk" or "chunked" => Accounts.ResponseType.Chunked,
                                var other => throw entry.Value.Error($"Unknown response type: \"{other}\""),
                            };
                            break;
                        case "threshold" or "response_threshold" or "response_max_time" or "response_time":
                            export.ResponseThreshold = GoDuration.TryParse(entry.Value.AsString(), out var threshold, out _) ? threshold
                                : throw entry.Value.Error($"Expected response threshold to be a parseable time duration, got \"{entry.Value.AsString()}\"");
                            break;
                        case "latency":
                            export.Latency = Latency(entry.Value);
                            break;
                        case "account_token_position":
                            export.AccountTokenPosition = (int)entry.Value.AsInt64();
                            break;
                        case "description" or "info_url": break; // documentation
                        default:
                            throw entry.Value.Error($"\"exports.{entry.Key}\" is not yet supported by WebBroker; refusing to start without the access control it asks for");
                    }
                }
                if (export.Subject.Length == 0) throw item.Error("an export needs 'stream' or 'service'");
                yield return export;
            }
        }

        /// <summary>imports: [ { stream: { account, subject }, prefix? to? }, { service: { account, subject }, to? } ].</summary>
        private static IEnumerable<Accounts.ImportOptions> Imports(ConfigValue value)
        {
            if (value is not ConfigArray list) throw value.Error("imports must be an array");
            foreach (var item in list)
            {
                if (item is not ConfigMap map) throw item.Error("an import must be a map");
                var import = new Accounts.ImportOptions();
                foreach (var entry in map)
                {
                    switch (entry.Key.ToLowerInvariant())
                    {
                        case "stream" or "service":
                            import.IsService = entry.Key.Equals("service", StringComparison.OrdinalIgnoreCase);
                            if (entry.Value is not ConfigMap source) throw entry.Value.Error("an import source is { account, subject }");
                            import.Account = source.TryGetValue("account", out var a) ? a.AsString() : throw entry.Value.Error("an import needs 'account'");
                            import.Subject = source.TryGetValue("subject", out var s) ? s.AsString() : throw entry.Value.Error("an import needs 'subject'");
                            break;
                        case "prefix": import.Prefix = entry.Value.AsString(); break;
                        case "to": import.To = entry.Value.AsString(); break;
                        default:
                            throw entry.Value.Error($"\"imports.{entry.Key}\" is not yet supported by WebBroker; refusing to start without the access control it asks for");
                    }
                }
                yield return import;
            }
        }

        /// <summary>Every import names an existing account whose export covers it and lets this account in
        /// (private exports list their importers); anything else stops start-up.</summary>
        private void CheckImportsAfter(ConfigEntry accountsEntry) => _postChecks.Add(() =>
        {
            foreach (var importer in options.Accounts)
            {
                foreach (var import in importer.Imports)
                {
                    var exporter = options.Accounts.FirstOrDefault(a => a.Name == import.Account)
                        ?? throw accountsEntry.Value.Error($"account {importer.Name} imports from unknown account {import.Account}");
                    var export = exporter.Exports.FirstOrDefault(e => e.IsService == import.IsService && Subjects.SubjectPattern.Matches(e.Subject, import.Subject))
                        ?? throw accountsEntry.Value.Error($"account {importer.Name} imports {(import.IsService ? "service" : "stream")} \"{import.Subject}\" that account {import.Account} does not export");
                    if (!Accounts.ExportOptions.TokenPositionAllows(export.AccountTokenPosition, import.Subject, importer.Name))
                    {
                        var kind = import.IsService ? "service" : "stream";
                        throw accountsEntry.Value.Error($"Error adding {kind} import \"{import.Subject}\": {kind} import not authorized");
                    }
                    if (export.Accounts.Count > 0 && !export.Accounts.Contains(importer.Name))
                        throw accountsEntry.Value.Error($"account {importer.Name} is not authorized to import \"{import.Subject}\" from account {import.Account}");
                }
            }
        });

        private readonly List<Action> _postChecks = [];

        /// <summary>tls { cert_file, key_file, ca_file, verify, timeout, handshake_first, min_version }.</summary>
        private static TlsOptions Tls(ConfigValue value)
        {
            if (value is not ConfigMap map) throw value.Error("tls must be a map");
            var tls = new TlsOptions();
            foreach (var entry in map)
            {
                switch (entry.Key.ToLowerInvariant())
                {
                    case "cert_file": tls.CertFile = entry.Value.AsString(); break;
                    case "key_file": tls.KeyFile = entry.Value.AsString(); break;
                    case "ca_file": tls.CaFile = entry.Value.AsString(); break;
                    case "verify": tls.Verify = entry.Value.AsBoolean(); break;
                    case "verify_and_map": tls.Verify = tls.VerifyAndMap = entry.Value.AsBoolean(); break;
                    case "timeout":
                        tls.Timeout = entry.Value is ConfigScalar { Kind: ConfigValueKind.String } ? entry.Value.AsDuration() : TimeSpan.FromSeconds(entry.Value.AsDouble());
                        break;
                    case "handshake_first" or "first": tls.HandshakeFirst = entry.Value.AsBoolean(); break;
                    case "min_version": tls.MinVersion = entry.Value.AsString(); break;
                    case "cipher_suites" or "curve_preferences":
                        break; // .NET and the OS choose these; nothing is weakened by leaving them out.
                    default:
                        throw entry.Value.Error($"\"tls.{entry.Key}\" is not yet supported by WebBroker; refusing to start without the protection it asks for");
                }
            }
            if (tls.CertFile.Length == 0 || tls.KeyFile.Length == 0) throw value.Error("tls needs cert_file and key_file");
            return tls;
        }

        /// <summary>mappings { "src.*": "dst.$1", "canary": [ { destination: v1, weight: 80% }, ... ] }</summary>
        private static IEnumerable<Subjects.MappingOptions> Mappings(ConfigValue value)
        {
            if (value is not ConfigMap map) throw value.Error("mappings must be a map");
            foreach (var entry in map)
            {
                var mapping = new Subjects.MappingOptions { Source = entry.Key };
                if (entry.Value is ConfigArray list)
                {
                    foreach (var item in list)
                    {
                        if (item is not ConfigMap d) throw item.Error("a weighted mapping is { destination, weight }");
                        var weight = d.TryGetValue("weight", out var w) ? Percent(w) : 100;
                        mapping.Destinations.Add(new Subjects.WeightedDestination
                        {
                            Subject = d.TryGetValue("destination", out var dest) ? dest.AsString() : throw item.Error("a weighted mapping needs 'destination'"),
                            Weight = weight,
                        });
                    }
                    if (mapping.Destinations.Sum(x => x.Weight) > 100) throw entry.Value.Error("mapping weights add up to more than 100%");
                }
                else
                {
                    mapping.Destinations.Add(new Subjects.WeightedDestination { Subject = entry.Value.AsString() });
                }
                yield return mapping;
            }
        }

        private static int Percent(ConfigValue value)
        {
            var text = value is ConfigScalar { Kind: ConfigValueKind.String } ? value.AsString().TrimEnd('%') : value.AsInt64().ToString(CultureInfo.InvariantCulture);
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 100
                ? n : throw value.Error($"invalid mapping weight {value.Describe()}");
        }

        /// <summary>permissions { publish, subscribe, allow_responses }: each list a subject, an array, or { allow, deny }.</summary>
        internal static Security.PermissionOptions Permissions(ConfigValue value)
        {
            if (value is not ConfigMap map) throw value.Error("permissions must be a map");
            var permissions = new Security.PermissionOptions();
            foreach (var entry in map)
            {
                switch (entry.Key.ToLowerInvariant())
                {
                    case "publish" or "pub":
                        permissions.Publish = SubjectPermission(entry.Value);
                        break;
                    case "subscribe" or "sub":
                        permissions.Subscribe = SubjectPermission(entry.Value);
                        break;
                    case "allow_responses" or "allow_responses_permission":
                        permissions.AllowResponses = entry.Value switch
                        {
                            ConfigScalar { Kind: ConfigValueKind.Boolean } b => b.AsBoolean() ? new Security.ResponsePermission() : null,
                            ConfigMap m => new Security.ResponsePermission
                            {
                                MaxMsgs = m.TryGetValue("max", out var max) ? (int)max.AsInt64() : 1,
                                Expires = m.TryGetValue("expires", out var exp) ? (exp is ConfigScalar { Kind: ConfigValueKind.String } ? exp.AsDuration() : TimeSpan.FromSeconds(exp.AsDouble())) : TimeSpan.Zero,
                            },
                            _ => throw entry.Value.Error("allow_responses must be true/false or { max, expires }"),
                        };
                        break;
                    default:
                        throw entry.Value.Error($"unknown permissions field \"{entry.Key}\"");
                }
            }
            return permissions;
        }

        private static Security.SubjectPermission SubjectPermission(ConfigValue value)
        {
            static List<string> List(ConfigValue v) => v is ConfigArray a ? [.. a.Select(x => x.AsString())] : [v.AsString()];
            if (value is not ConfigMap map) return new Security.SubjectPermission { Allow = List(value) };
            var permission = new Security.SubjectPermission();
            foreach (var entry in map)
            {
                switch (entry.Key.ToLowerInvariant())
                {
                    case "allow": permission.Allow = List(entry.Value); break;
                    case "deny": permission.Deny = List(entry.Value); break;
                    default: throw entry.Value.Error($"unknown permission field \"{entry.Key}\" (allow or deny)");
                }
            }
            return permission;
        }

        private static ConfigMap Map(ConfigEntry entry) => entry.Value as ConfigMap ?? throw Mismatch(entry, "a map");

        /// <summary>A count or a size (<c>1MB</c>); 0 stands for the default, as in nats-server.</summary>
        private static int Size(ConfigEntry entry, int max, int defaultValue) => (int)Size(entry, (long)max, defaultValue);

        private static long Size(ConfigEntry entry, long max, long defaultValue)
        {
            var value = Integer(entry);
            if (value < 0)
            {
                throw entry.Value.Error($"{entry.Key} value can not be negative");
            }
            if (value > max)
            {
                throw entry.Value.Error($"{entry.Key} value is too big");
            }
            return value == 0 ? defaultValue : value;
        }

        private static int Port(ConfigEntry entry, long port) =>
            port is >= -1 and <= 65535
                ? (int)port
                : throw entry.Value.Error($"{entry.Key}: port {port} is out of range (0 to 65535, or -1 for a random port)");

        /// <summary><c>port</c>, or <c>"host:port"</c> as Go's <c>net.SplitHostPort</c> reads it (<c>[::1]:4222</c> for IPv6).</summary>
        private static (string? Host, int Port) HostPort(ConfigEntry entry)
        {
            if (entry.Value is ConfigScalar { Kind: ConfigValueKind.Integer } number)
            {
                return (null, Port(entry, (long)number.Value));
            }
            if (entry.Value is not ConfigScalar { Kind: ConfigValueKind.String } text)
            {
                throw Mismatch(entry, "port or host:port");
            }
            var address = (string)text.Value;
            if (!SplitHostPort(address, out var host, out var portText))
            {
                throw entry.Value.Error($"could not parse address string \"{address}\"");
            }
            if (!int.TryParse(portText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port))
            {
                throw entry.Value.Error($"could not parse port \"{portText}\"");
            }
            return (host.Length == 0 ? null : host, Port(entry, port));
        }

        private static bool SplitHostPort(string address, out string host, out string port)
        {
            host = port = "";
            int colon;
            if (address.StartsWith('['))
            {
                var close = address.IndexOf(']');
                if (close < 0 || close + 1 >= address.Length || address[close + 1] != ':')
                {
                    return false;
                }
                host = address[1..close];
                colon = close + 1;
                if (address.IndexOfAny(['[', ']'], 1) != close || address.IndexOfAny(['[', ']'], close + 1) >= 0)
                {
                    return false;
                }
            }
            else
            {
                colon = address.LastIndexOf(':');
                if (colon < 0 || address.IndexOf(':') != colon || address.IndexOfAny(['[', ']']) >= 0)
                {
                    return false;
                }
                host = address[..colon];
            }
            port = address[(colon + 1)..];
            return true;
        }

        /// <summary>
        /// A duration string (<c>"2m"</c>), or, as nats-server still accepts with a warning, a
        /// number of seconds; 0 stands for the default.
        /// </summary>
        private TimeSpan Duration(ConfigEntry entry, TimeSpan defaultValue)
        {
            TimeSpan duration;
            if (entry.Value is ConfigScalar { Kind: ConfigValueKind.Integer } number)
            {
                var seconds = (long)number.Value;
                var hint = number.Text.All(c => char.IsAsciiDigit(c) || c == '-')
                    ? ""
                    : $" (unquoted, {number.Text} is the number {seconds}; quote it: \"{number.Text}\")";
                Warn(entry, $"invalid use of field \"{entry.Key}\": {entry.Key} should be converted to a duration{hint}", ConfigWarningKind.Advice);
                duration = Seconds(entry, seconds);
            }
            else
            {
                duration = StrictDuration(entry);
            }
            if (duration < TimeSpan.Zero)
            {
                throw entry.Value.Error($"{entry.Key} can not be negative");
            }
            return duration == TimeSpan.Zero ? defaultValue : duration;
        }

        private static TimeSpan Seconds(ConfigEntry entry, double seconds) =>
            Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw entry.Value.Error($"{entry.Key} value is too big");

        /// <summary>A duration string only.</summary>
        private static TimeSpan StrictDuration(ConfigEntry entry)
        {
            var text = entry.Value is ConfigScalar { Kind: ConfigValueKind.String } s
                ? (string)s.Value
                : throw Mismatch(entry, "a duration such as \"10s\" or \"2m\"");
            return GoDuration.TryParse(text, out var duration, out var error)
                ? duration
                : throw entry.Value.Error($"error parsing {entry.Key}: {error}");
        }
    }
}
