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

        /// <summary>
        /// One top-level key. Each block's file applies the keys it owns (the key sets do not overlap);
        /// a key none owns is refused, warned about as not yet supported, or reported as unknown.
        /// </summary>
        public void ApplyTopLevel(ConfigEntry entry)
        {
            var key = entry.Key.ToLowerInvariant();
            if (TryApplyListen(key, entry) || TryApplyLogging(key, entry) || TryApplyLimits(key, entry)
                || TryApplyAuthorization(key, entry) || TryApplyAccounts(key, entry))
            {
                return;
            }
            switch (key)
            {
                case "server_name":
                    var name = String(entry);
                    if (name.Contains(' '))
                    {
                        throw entry.Value.Error("server name cannot contain spaces");
                    }
                    options.ServerName = name;
                    break;
                case "pidfile" or "pid_file":
                    options.PidFile = String(entry);
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
                    ApplyWebSocketBlock(entry);
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

        private void Warn(ConfigEntry entry, string message, ConfigWarningKind kind) =>
            _warnings.Add(new ConfigWarning(entry.KeyPosition, message, kind));

        private readonly List<Action> _postChecks = [];
    }
}
