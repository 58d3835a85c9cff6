using System.Text.Json.Nodes;
using MusicDashboard.Dashboard.Security;
using MusicDashboard.Dashboard.Tests.E2E;

namespace MusicDashboard.Dashboard.Tests.Security;

/// <summary>The real dashboard with authentication configured (an account and an API key) and a small run-creation
/// allowance, on localhost: everything must then be asked for with credentials.</summary>
public sealed class SecuredServer : DashboardServer
{
    public const string UserName = "curator";
    public const string Password = "a long test password";
    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const int RunsPerWindow = 3;

    protected override string ReadyPath => DashboardAuthentication.SignInPath;

    protected override void Configure(JsonObject musicDashboard)
    {
        musicDashboard["Authentication"] = new JsonObject
        {
            ["UserName"] = UserName, ["PasswordHash"] = AccountPasswords.Hash(Password), ["ApiKey"] = ApiKey,
        };
        // A window far longer than the test: the allowance cannot come back in the middle of it.
        musicDashboard["Requests"] = new JsonObject { ["RunsPerWindow"] = RunsPerWindow, ["WindowSeconds"] = 3600 };
    }

    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, apiKey);
        return client;
    }
}
