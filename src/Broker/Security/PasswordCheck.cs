using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;

namespace WebBroker.Broker.Security;

/// <summary>Compares a given password with a configured one: bcrypt hashes ($2a$/$2b$/$2y$) through
/// BouncyCastle's OpenBSD bcrypt, plain text in constant time.</summary>
public static class PasswordCheck
{
    public static bool IsBcrypt(string stored) =>
        stored.StartsWith("$2a$", StringComparison.Ordinal) || stored.StartsWith("$2b$", StringComparison.Ordinal) || stored.StartsWith("$2y$", StringComparison.Ordinal);

    public static bool Matches(string? stored, string? given)
    {
        if (stored is null || given is null) return false;
        if (IsBcrypt(stored))
        {
            try
            {
                return OpenBsdBCrypt.CheckPassword(stored, given.ToCharArray());
            }
            catch (Exception ex) when (ex is ArgumentException or Org.BouncyCastle.Crypto.CryptoException)
            {
                return false;
            }
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(given));
    }
}
