using System.Globalization;

namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>The <c>accounts</c> block: users, mappings, exports and imports per account.</summary>
    private sealed partial class Binding
    {

        /// <summary>Applies <paramref name="key"/> if it is <c>accounts</c> or names the system account.</summary>
        private bool TryApplyAccounts(string key, ConfigEntry entry)
        {
            switch (key)
            {
                case "accounts":
                    ApplyAccounts(entry);
                    return true;
                case "system_account" or "system":
                    options.SystemAccount = entry.Value is ConfigScalar { Kind: ConfigValueKind.String } account
                        ? (string)account.Value
                        : throw entry.Value.Error("system account name must be a string");
                    return true;
                case "no_system_account" or "no_system" or "no_sys_acc":
                    options.NoSystemAccount = Boolean(entry);
                    return true;
                default:
                    return false;
            }
        }

        private void ApplyAccounts(ConfigEntry entry)
        {
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
            // As nats-server adds them: every stream import, then every service import, each refused if it closes a cycle.
            var cycles = new Accounts.ImportCycles(name => options.Accounts.Where(a => a.Name == name).SelectMany(a => a.Exports).Where(e => !e.IsService).Select(e => e.Subject));
            foreach (var importer in options.Accounts)
                foreach (var import in importer.Imports.Where(i => !i.IsService))
                    if (!cycles.AddStream(importer.Name, import.Account, Accounts.StreamImport.LocalSubject(import.Subject, import.Prefix, import.To)))
                        throw accountsEntry.Value.Error($"Error adding stream import \"{import.Subject}\": import forms a cycle");
            foreach (var importer in options.Accounts)
                foreach (var import in importer.Imports.Where(i => i.IsService))
                    if (!cycles.AddService(importer.Name, import.Account, import.To is { Length: > 0 } to ? to : import.Subject, import.Subject))
                        throw accountsEntry.Value.Error($"Error adding service import \"{import.Subject}\": import forms a cycle");
        });
    }
}
