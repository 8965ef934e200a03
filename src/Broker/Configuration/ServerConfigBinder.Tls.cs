using WebBroker.Broker.Server;

namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>A <c>tls</c> block, at the top level or inside <c>websocket</c>.</summary>
    private sealed partial class Binding
    {
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
    }
}
