using System.Globalization;

namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>The <c>authorization</c> block: credentials, users and their permissions.</summary>
    private sealed partial class Binding
    {

        /// <summary>Applies <paramref name="key"/> if it is <c>authorization</c> or <c>no_auth_user</c>.</summary>
        private bool TryApplyAuthorization(string key, ConfigEntry entry)
        {
            switch (key)
            {
                case "authorization":
                    foreach (var inner in Map(entry))
                    {
                        Run(inner, ApplyAuthorization);
                    }
                    return true;
                case "no_auth_user":
                    options.NoAuthUser = String(entry);
                    return true;
                default:
                    return false;
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
    }
}
