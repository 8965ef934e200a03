using System.Runtime.InteropServices;

namespace WebBroker.Broker.Security;

/// <summary>
/// Ed25519 signature checks for NKeys: libsodium (the engine NSec wraps; Debian's libsodium23) when
/// it can be loaded, BouncyCastle's managed implementation otherwise. One small surface, so NSec can
/// replace it when the registry serves it.
/// </summary>
public static partial class Ed25519
{
    private static readonly bool UseSodium = TryInitSodium();

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64) return false;
        if (UseSodium)
        {
            unsafe
            {
                fixed (byte* sig = signature)
                fixed (byte* msg = message)
                fixed (byte* key = publicKey)
                    return crypto_sign_verify_detached(sig, msg, (ulong)message.Length, key) == 0;
            }
        }
        var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        verifier.Init(false, new Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters(publicKey.ToArray(), 0));
        var data = message.ToArray();
        verifier.BlockUpdate(data, 0, data.Length);
        return verifier.VerifySignature(signature.ToArray());
    }

    private static bool TryInitSodium()
    {
        try
        {
            return sodium_init() >= 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libsodium.so.23")]
    private static partial int sodium_init();

    [LibraryImport("libsodium.so.23")]
    private static unsafe partial int crypto_sign_verify_detached(byte* sig, byte* message, ulong length, byte* publicKey);
}
