using Microsoft.AspNetCore.Identity;

namespace MusicDashboard.Dashboard.Security;

/// <summary>The account's password hash: ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2 with
/// HMAC-SHA512, a random salt, 100 000 iterations, in its versioned base64 format). <c>musicdash hash-password</c> makes
/// one; the configuration keeps only the hash.</summary>
public static class AccountPasswords
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Shortest password <c>hash-password</c> accepts.</summary>
    public const int MinimumLength = 10;

    public static string Hash(string password) => Hasher.HashPassword("", password);

    /// <summary>Whether <paramref name="password"/> matches <paramref name="hash"/>; false for a hash that is not in the format.</summary>
    public static bool Verify(string hash, string password)
    {
        if (string.IsNullOrEmpty(hash) || string.IsNullOrEmpty(password)) return false;
        try { return Hasher.VerifyHashedPassword("", hash, password) != PasswordVerificationResult.Failed; }
        catch (FormatException) { return false; }
    }

    /// <summary>Whether a configured hash is in the format (checked at start-up, so a pasted password is refused early).</summary>
    public static bool IsHash(string hash)
    {
        try
        {
            var bytes = Convert.FromBase64String(hash);
            return bytes.Length > 13 && bytes[0] is 0x00 or 0x01;
        }
        catch (FormatException) { return false; }
    }
}
