using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using MusicDashboard.Dashboard.Tests.E2E;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.Security;

/// <summary>On the real server (localhost, no authentication): bodies that are not JSON are 415, bodies too large 413,
/// a dataset outside the allowed roots is refused by the API and the New run form, every error is problem+json in words,
/// and every answer carries the security headers.</summary>
[Collection(DashboardServerCollection.Name)]
public sealed class RequestHardeningTests(DashboardServer server, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/study")]
    [InlineData("/api/playlists")]
    public async Task ABodyThatIsNotSentAsJsonIs415ProblemJson(string path)
    {
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml" })
        {
            using var response = await server.Http.PostAsync(path, new StringContent("""{"epochs":1}""", Encoding.UTF8, type));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{path} as {type} -> {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Content-Type: application/json", text);
            Assert.False(JsonProblemText.NamesAType(text), text);
        }
    }

    [Theory]
    [InlineData("/api/runs", true)]
    [InlineData("/api/playlists", true)]
    [InlineData("/api/runs", false)]
    public async Task ABodyLargerThanTheLimitIs413AndSaysTheLimit(string path, bool withLength)
    {
        var body = "{\"name\":\"" + new string('a', 70 * 1024) + "\"}";
        HttpContent content = withLength ? new StringContent(body, Encoding.UTF8, "application/json") : new ChunkedJson(body);
        using var response = await server.Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{path} -> {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("64 KB", text);
        Assert.Contains("MaxJsonBodyBytes", text);
    }

    /// <summary>A JSON body sent without a length (chunked), as a stream of unknown size is.</summary>
    private sealed class ChunkedJson : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJson(string body)
        {
            _bytes = Encoding.UTF8.GetBytes(body);
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Theory]
    [InlineData("../../../../etc")]
    [InlineData("/etc")]
    [InlineData("/")]
    [InlineData("data/../../")]
    public async Task ADatasetOutsideTheAllowedRootsIsRefusedByTheApiWithTheRootsNamed(string dataset)
    {
        foreach (var path in new[] { "/api/runs", "/api/study" })
        {
            using var response = await server.Http.PostAsync(path, new StringContent(JsonSerializer.Serialize(new { dataset, epochs = 1 }), Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} {dataset} -> {(int)response.StatusCode} {text}");
            using var doc = JsonDocument.Parse(text);
            var message = doc.RootElement.GetProperty("errors").GetProperty("dataset")[0].GetString()!;
            Assert.Contains("outside the folders datasets may come from", message);
            Assert.Contains(server.DemoCorpusFolder, message);
            Assert.Contains("MusicDashboard:DatasetRoots", message);
            Assert.False(JsonProblemText.NamesAType(text), text);
        }
        // Nothing was queued.
        await using var db = server.OpenDatabase();
        Assert.DoesNotContain(db.Runs, r => r.DatasetRoot == "/etc" || r.DatasetRoot == "/");
    }

    [Fact]
    public async Task ErrorBodiesOfTheApiNeverNameTypes()
    {
        var requests = new (string Method, string Path, string? Body)[]
        {
            ("POST", "/api/runs", """{"foo":1}"""), ("POST", "/api/runs", """{"vae":{"bar":1}}"""), ("POST", "/api/runs", """{"epochs":"x"}"""),
            ("POST", "/api/runs", "not json"), ("POST", "/api/playlists", "not json"), ("POST", "/api/playlists", """{"name":5}"""),
            ("POST", "/api/study", """{"colour":1}"""), ("PUT", "/api/runs", "{}"), ("GET", "/api/no-such-thing", null),
            ("POST", "/api/runs/abc/cancel", null), ("DELETE", "/api/playlists/999999", null),
        };
        foreach (var (method, path, body) in requests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await server.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} -> {(int)response.StatusCode}");
            Assert.False(JsonProblemText.NamesAType(text), $"{method} {path} {body} -> {text}");
            Assert.DoesNotContain("<html", text);
        }
        using var unknown = await server.Http.PostAsync("/api/runs", new StringContent("""{"foo":1}""", Encoding.UTF8, "application/json"));
        Assert.Contains("'foo' is not a setting", await unknown.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/runs")]
    [InlineData("/api/runs")]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/api/no-such-thing")]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string path)
    {
        using var response = await server.Http.GetAsync(path);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
    }

    [Fact]
    public async Task TheNewRunFormSaysUnderTheDatasetFieldThatAFolderOutsideTheRootsIsNotAllowed()
    {
        var (page, problems) = await Pages.OpenAsync(browser, server, "/runs/new");
        var field = page.GetByTestId("f-dataset");
        await field.FillAsync("/etc");
        await field.PressAsync("Tab");
        var control = page.Locator(".mud-input-control").Filter(new() { Has = page.GetByTestId("f-dataset") });
        await Expect(control).ToContainTextAsync("outside the folders datasets may come from");
        await Expect(page.GetByTestId("f-submit")).ToBeDisabledAsync();
        await field.FillAsync("demo");
        await field.PressAsync("Tab");
        await Expect(control).Not.ToContainTextAsync("outside the folders");
        await browser.ScreenshotAsync(page, "new-run-dataset-refused");
        Assert.Empty(problems);
    }
}
