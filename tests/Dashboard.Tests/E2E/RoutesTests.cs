using System.Net;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>Which addresses the dashboard serves: its two pages and their assets, no template or placeholder pages.</summary>
[Collection(DashboardServerCollection.Name)]
public sealed class RoutesTests(DashboardServer server)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/tracks")]
    [InlineData("/runs")]
    [InlineData("/runs/new")]
    [InlineData("/compare")]
    [InlineData("/studies")]
    [InlineData("/dataset")]
    [InlineData("/map")]
    [InlineData("/playlists")]
    public async Task ThePagesRender(string path)
    {
        using var response = await server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("MusicDashboard", html);
        Assert.Contains("_framework/blazor.web", html);
    }

    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/js/map.js", "text/javascript")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", "text/javascript")]
    [InlineData("/_framework/blazor.web.js", "text/javascript")]
    public async Task TheAssetsAreServed(string path, string type)
    {
        using var response = await server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/counter")]
    [InlineData("/weather")]
    [InlineData("/home")]
    [InlineData("/clusters")]
    public async Task TemplateAndPlaceholderPagesDoNotExist(string path)
    {
        using var response = await server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // Still a 404, but a page that says so and leads back, not an empty response.
        Assert.Contains("There is no page at this address", await response.Content.ReadAsStringAsync());
    }
}
