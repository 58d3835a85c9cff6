using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MusicDashboard.Dashboard.Tests.Live;

namespace MusicDashboard.Dashboard.Tests.Security;

/// <summary>The hub refuses a dataset outside the roots as the API does, and a symbolic link in a root that leads out of
/// it is refused by both; a feature table inside the roots is taken.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class HubDatasetTests(LiveServerFactory server) : IClassFixture<LiveServerFactory>
{
    [Theory]
    [InlineData("/etc")]
    [InlineData("../../../../etc")]
    public async Task TheHubRefusesADatasetOutsideTheRoots(string dataset)
    {
        await using var hub = server.Hub();
        await hub.StartAsync();
        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<int>("StartRun", JsonSerializer.SerializeToElement(new { preset = "mlp-vae-audio", dataset, epochs = 1 })));
        Assert.Contains("dataset: ", error.Message);
        Assert.Contains("outside the folders datasets may come from", error.Message);
        Assert.Contains(server.DatasetsFolder, error.Message);
        Assert.False(JsonProblemText.NamesAType(error.Message), error.Message);
    }

    [Fact]
    public async Task ASymbolicLinkInARootThatLeadsOutIsRefusedByTheHubAndTheApi()
    {
        var outside = Directory.CreateTempSubdirectory("musicdash-outside-").FullName;
        var link = Path.Combine(server.DatasetsFolder, "escape-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            File.WriteAllText(Path.Combine(outside, "features_30_sec.csv"), "filename,length,a,label\nx.00000.wav,1,1.0,x\n");
            Directory.CreateSymbolicLink(link, outside);
            var table = Path.Combine(link, "features_30_sec.csv");
            Assert.True(File.Exists(table)); // the link works: only the roots stop it

            await using var hub = server.Hub();
            await hub.StartAsync();
            var error = await Assert.ThrowsAsync<HubException>(() =>
                hub.InvokeAsync<int>("StartRun", JsonSerializer.SerializeToElement(new { preset = "mlp-vae-audio", dataset = table, epochs = 1 })));
            Assert.Contains("outside the folders datasets may come from", error.Message);

            using var response = await server.CreateClient().PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", dataset = link, epochs = 1 });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("outside the folders datasets may come from", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            if (Directory.Exists(link) || File.Exists(link)) Directory.Delete(link);
            Directory.Delete(outside, recursive: true);
        }
    }
}
