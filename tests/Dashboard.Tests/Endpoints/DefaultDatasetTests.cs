using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Dashboard.Tests.E2E;

namespace MusicDashboard.Dashboard.Tests.Endpoints;

/// <summary>A run posted without a dataset on a server with a configured collection runs on that collection, not on the
/// synthetic demo corpus.</summary>
public sealed class DefaultDatasetTests(OwnDatasetServer server) : IClassFixture<OwnDatasetServer>
{
    [Fact]
    public async Task ARunWithoutADatasetUsesTheConfiguredCollection()
    {
        using var posted = await server.Http.PostAsync("/api/runs", new StringContent("""{"preset":"mlp-vae-audio","epochs":1,"name":"  "}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await using var db = server.OpenDatabase();
        var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == id);
        Assert.Equal(Path.Combine(server.Folder, OwnDatasetServer.DatasetFolder), run.DatasetRoot);
        Assert.Equal(OwnDatasetServer.DatasetFolder, run.Dataset);
        Assert.Contains("\"dataset\": \"my-music\"", run.ConfigJson);
        Assert.Equal($"MLP-VAE (Audio) on {OwnDatasetServer.DatasetFolder}, seed 0", run.Name);
    }
}
