using WebBroker.Broker.Configuration;
using WebBroker.Broker.Security;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Security;

public class NKeyTests
{
    // A user key made by the official @nats-io/nkeys package (createUser().getPublicKey()).
    private const string UserKey = "UANABB4P26NWFXLBOGU3JU5JDQBFDT4HCP2ZILQZZ5RWFEKPPJHPBADB";

    [Fact]
    public void A_public_user_key_decodes_and_a_corrupted_one_does_not()
    {
        Assert.True(NKeyEncoding.TryDecodePublicKey(UserKey, NKeyEncoding.PrefixUser, out var key));
        Assert.Equal(32, key.Length);
        Assert.Equal(UserKey, NKeyEncoding.EncodePublicKey(NKeyEncoding.PrefixUser, key));
        var corrupted = UserKey[..10] + (UserKey[10] == 'A' ? 'B' : 'A') + UserKey[11..];
        Assert.False(NKeyEncoding.TryDecodePublicKey(corrupted, NKeyEncoding.PrefixUser, out _));
        Assert.False(NKeyEncoding.TryDecodePublicKey(UserKey, NKeyEncoding.PrefixAccount, out _));
    }

    [Fact]
    public void The_server_id_is_a_valid_server_nkey() =>
        Assert.True(NKeyEncoding.TryDecodePublicKey(NKeyEncoding.NewServerId(), NKeyEncoding.PrefixServer, out _));

    [Fact]
    public void A_signature_verifies_only_for_its_key_and_message()
    {
        var generator = new Org.BouncyCastle.Crypto.Generators.Ed25519KeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.Parameters.Ed25519KeyGenerationParameters(new Org.BouncyCastle.Security.SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var signer = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        signer.Init(true, pair.Private);
        var nonce = "abcdefghijklmno"u8.ToArray();
        signer.BlockUpdate(nonce, 0, nonce.Length);
        var signature = signer.GenerateSignature();
        var publicKey = ((Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters)pair.Public).GetEncoded();
        Assert.True(Ed25519.Verify(publicKey, nonce, signature));
        Assert.False(Ed25519.Verify(publicKey, "abcdefghijklmnp"u8, signature));
        signature[0] ^= 1;
        Assert.False(Ed25519.Verify(publicKey, nonce, signature));
    }

    [Fact]
    public void A_malformed_nkey_in_the_config_stops_start_up() =>
        Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(ConfigFile.Parse("authorization { users: [ { nkey: UABC } ] }", "t.conf"), new ServerOptions()));
}
