using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;

namespace WebBroker.Dashboard.Access;

/// <summary>Compares a given password with a stored one: bcrypt hashes through BouncyCastle's
/// OpenBSD bcrypt, plain text in constant time.</summary>
public static class PasswordCheck
{
    public static bool Matches(string stored, string given)
    {
        if (stored.StartsWith("$2a$", StringComparison.Ordinal) || stored.StartsWith("$2b$", StringComparison.Ordinal) || stored.StartsWith("$2y$", StringComparison.Ordinal))
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
