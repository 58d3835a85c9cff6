using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using MusicDashboard.Dashboard.Hubs;
using MusicDashboard.Dashboard.Tests.E2E;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.Security;

/// <summary>With authentication configured every page, API endpoint and the hub require it: 401 problem+json for scripts
/// without (or with a wrong) key, the sign-in page for browsers, and run creation limited per client.</summary>
public sealed class SecuredDashboardTests(SecuredServer server, BrowserFixture browser) : IClassFixture<SecuredServer>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("GET", "/api/runs")]
    [InlineData("GET", "/api/tracks")]
    [InlineData("GET", "/api/playlists")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("POST", "/api/runs")]
    [InlineData("DELETE", "/api/runs/1")]
    [InlineData("POST", "/hubs/training/negotiate?negotiateVersion=1")]
    public async Task TheApiAndTheHubAnswer401ProblemJsonWithoutAValidKey(string method, string path)
    {
        foreach (var key in new string?[] { null, "wrong-key-0123456789abcdef" })
        {
            using var client = server.Client(key);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with key '{key}' -> {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("X-Api-Key", text);
            Assert.False(JsonProblemText.NamesAType(text), text);
        }
    }

    [Fact]
    public async Task TheApiKeyOpensTheApi()
    {
        using var client = server.Client(SecuredServer.ApiKey);
        using var runs = await client.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        using var doc = JsonDocument.Parse(await runs.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.TryGetProperty("total", out _));
        using var openApi = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }

    [Fact]
    public async Task APageSendsABrowserToTheSignInPage()
    {
        using var client = server.Client(null);
        foreach (var path in new[] { "/", "/runs", "/runs/new", "/map" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path} -> {(int)response.StatusCode}");
            Assert.StartsWith("/signin", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString.Replace(server.BaseAddress.ToString().TrimEnd('/'), ""));
        }
        using var signIn = await client.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        // The framework's scripts and styles load before signing in (the sign-in page uses them); the app's pages do not.
        using var script = await client.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task TheHubRefusesAnAnonymousClientAndServesOneWithTheKey()
    {
        await using var anonymous = Hub(null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var keyed = Hub(SecuredServer.ApiKey);
        await keyed.StartAsync();
        var missing = await Assert.ThrowsAsync<HubException>(() => keyed.InvokeAsync<object>("SubscribeRun", 424242));
        Assert.Contains("does not exist", missing.Message);
    }

    private HubConnection Hub(string? apiKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(server.BaseAddress, TrainingHub.Path.TrimStart('/')), o =>
        {
            if (apiKey is not null) o.Headers[MusicDashboard.Dashboard.Security.ApiKeyAuthenticationHandler.Header] = apiKey;
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
        })
        .Build();

    [Fact]
    public async Task RunCreationBeyondTheAllowanceIsAnswered429WithRetryAfter()
    {
        // Only this test starts runs on this server, with this key: the allowance is whole when it begins. The requests are
        // refused configurations (epochs 0), so nothing trains; they count all the same.
        using var client = server.Client(SecuredServer.ApiKey);
        for (var i = 0; i < SecuredServer.RunsPerWindow; i++)
        {
            using var allowed = await client.PostAsync("/api/runs", new StringContent("""{"epochs":0}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, allowed.StatusCode);
        }
        using var limited = await client.PostAsync("/api/runs", new StringContent("""{"epochs":0}""", Encoding.UTF8, "application/json"));
        var text = await limited.Content.ReadAsStringAsync();
        Assert.True(limited.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)limited.StatusCode} {text}");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retry = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retry);
        Assert.InRange(retry.Value.TotalSeconds, 1, 3600);
        Assert.Contains($"at most {SecuredServer.RunsPerWindow} runs", text);
        Assert.Contains("RunsPerWindow", text);
        // The study (many runs at once) shares the allowance; reading is not limited.
        using var study = await client.PostAsync("/api/study", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.TooManyRequests, study.StatusCode);
        using var list = await client.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task ABrowserSignsInWithTheAccountUsesTheDashboardAndSignsOut()
    {
        var (page, problems) = await Pages.OpenAsync(browser, server, "/runs", interactive: false);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl=%2Fruns"));
        // A wrong password: refused, in words that do not say which of the two was wrong.
        await page.GetByTestId("signin-user").FillAsync(SecuredServer.UserName);
        await page.GetByTestId("signin-password").FillAsync("not the password");
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("The user name or the password is not right.");
        // The form carries the antiforgery token.
        Assert.Equal(1, await page.Locator("form[data-testid=signin-form] input[name=__RequestVerificationToken]").CountAsync());

        await page.GetByTestId("signin-user").FillAsync(SecuredServer.UserName);
        await page.GetByTestId("signin-password").FillAsync(SecuredServer.Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/runs$"));
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("runs-empty").Or(page.GetByTestId("runs-table"))).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "signed-in");

        await page.GetByTestId("signout").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
        await page.GotoAsync("/runs");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        Assert.Empty(problems);
        await page.Context.DisposeAsync();
    }
}
