using System.Net;
using MusicDashboard.Core.Configuration;

namespace MusicDashboard.Dashboard.Security;

/// <summary>
/// Where the dashboard listens, as configured ("Urls" in appsettings.json, <c>--urls</c>, ASPNETCORE_URLS, Kestrel
/// endpoints), and whether that reaches beyond this machine: 0.0.0.0, *, +, [::], a LAN address or any host name other
/// than localhost. Such a dashboard refuses to start without authentication configured.
/// </summary>
public static class BindAddresses
{
    /// <summary>The addresses the configuration names (empty: the dashboard's default, localhost).</summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls;
    }

    /// <summary>Whether a URL (<c>http://host:port</c>) listens only on this machine.</summary>
    public static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        string host;
        if (rest.StartsWith('['))
            host = rest[1..Math.Max(1, rest.IndexOf(']'))];
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end >= 0 ? rest[..end] : rest;
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Why the dashboard must not start (null: it may): an address beyond this machine without authentication,
    /// or authentication settings that cannot work.</summary>
    public static string? StartProblem(IConfiguration configuration, AuthenticationSettings settings)
    {
        const string section = "MusicDashboard:Authentication";
        if (!string.IsNullOrWhiteSpace(settings.PasswordHash) && !AccountPasswords.IsHash(settings.PasswordHash))
            return $"{section}:PasswordHash is not a password hash: make one with 'musicdash hash-password' and put its output there (never the password itself)";
        if (string.IsNullOrWhiteSpace(settings.UserName) != string.IsNullOrWhiteSpace(settings.PasswordHash))
            return $"{section} needs both UserName and PasswordHash for sign-in (one of them is empty)";
        if (settings.HasApiKey && settings.ApiKey.Trim().Length < 16)
            return $"{section}:ApiKey is too short: use at least 16 random characters (e.g. the output of 'openssl rand -base64 32')";
        var exposed = Configured(configuration).Where(u => !IsLoopback(u)).ToList();
        if (exposed.Count == 0 || settings.IsConfigured) return null;
        return $"the dashboard would listen on {string.Join(", ", exposed)}, which other machines can reach, and no authentication is configured. " +
               $"Either listen on localhost only (--urls http://localhost:5000), or configure authentication first: " +
               $"run 'musicdash hash-password' and set {section}:UserName and {section}:PasswordHash (sign-in for browsers), " +
               $"and/or {section}:ApiKey (header X-Api-Key for scripts), in appsettings.json or the environment " +
               $"(MusicDashboard__Authentication__UserName=...). docs/security.md says how, step by step";
    }
}
