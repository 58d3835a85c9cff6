namespace MusicDashboard.Core.Configuration;

/// <summary>The "MusicDashboard:Authentication" section: one account for browsers (user name and a password hash made by
/// <c>musicdash hash-password</c>) and/or an API key for scripts (header <c>X-Api-Key</c>).</summary>
public sealed class AuthenticationSettings
{
    /// <summary>The account's user name (sign-in page).</summary>
    public string UserName { get; set; } = "";
    /// <summary>The account's password hash (ASP.NET Core Identity's PBKDF2 format, from <c>musicdash hash-password</c>); never the password.</summary>
    public string PasswordHash { get; set; } = "";
    /// <summary>A secret scripts send in the X-Api-Key header. At least 16 characters.</summary>
    public string ApiKey { get; set; } = "";

    public bool HasAccount => !string.IsNullOrWhiteSpace(UserName) && !string.IsNullOrWhiteSpace(PasswordHash);
    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);
    /// <summary>Whether anything is configured: then every page, API endpoint and the hub require it.</summary>
    public bool IsConfigured => HasAccount || HasApiKey;
}
