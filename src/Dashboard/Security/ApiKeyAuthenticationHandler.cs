using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MusicDashboard.Core.Configuration;

namespace MusicDashboard.Dashboard.Security;

/// <summary>Authenticates scripts by the <c>X-Api-Key</c> header against <c>MusicDashboard:Authentication:ApiKey</c>
/// (compared in constant time). No header: no result, so the cookie scheme may answer instead.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppPaths paths)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var sent) || sent.Count == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var configured = paths.Options.Authentication.ApiKey;
        if (string.IsNullOrEmpty(configured) || !Same(sent.ToString(), configured))
            return Task.FromResult(AuthenticateResult.Fail("the API key is not the configured one"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>401 as problem+json; the message says how to authenticate.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => DashboardAuthentication.WriteUnauthorizedAsync(Context);

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
