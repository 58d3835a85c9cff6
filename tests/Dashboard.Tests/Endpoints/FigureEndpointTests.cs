using System.Buffers.Binary;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Tests.E2E;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Tests.Endpoints;

/// <summary><c>GET /api/runs/{id}/figures/{loss|latent}.png</c>: a stored run's report figures, drawn from the database.</summary>
[Collection(DashboardServerCollection.Name)]
public sealed class FigureEndpointTests(DashboardServer server)
{
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public async Task AStoredRunsLossAndLatentFiguresArePngs()
    {
        var tracks = (await server.WaitForTracksAsync(TimeSpan.FromSeconds(60))).Where(t => t.Error is null).Take(6).ToList();
        var config = Presets.MlpVaeAudioConfig("demo", 0);
        var run = new RunEntity
        {
            Name = "figure test", Preset = config.Preset, Dataset = "demo", DatasetRoot = server.DemoCorpusFolder, ConfigJson = config.ToJson(),
            State = RunState.Completed, CreatedAt = DateTime.UtcNow,
        };
        await using (var db = server.OpenDatabase())
        {
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            db.Epochs.AddRange(Enumerable.Range(1, 4).Select(e => new EpochEntity { RunId = run.Id, Epoch = e, Loss = 10.0 / e, Reconstruction = 8.0 / e, Kl = 2.0 / e, Beta = 1, Seconds = 0.1 }));
            db.Assignments.AddRange(tracks.Select((t, i) => new AssignmentEntity
            {
                RunId = run.Id, Method = RunPipeline.LatentMethodName(config), TrackId = t.Id, ClipIndex = 0, Cluster = i % 2, X = i, Y = -i,
            }));
            await db.SaveChangesAsync();
        }
        try
        {
            foreach (var name in new[] { "loss", "latent" })
            {
                using var response = await server.Http.GetAsync($"/api/runs/{run.Id}/figures/{name}.png");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal((StudyFigures.Width, StudyFigures.Height), PngSize(await response.Content.ReadAsByteArrayAsync()));
            }
            using var unknown = await server.Http.GetAsync($"/api/runs/{run.Id}/figures/heatmap.png");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        finally
        {
            await using var db = server.OpenDatabase();
            await db.Assignments.Where(a => a.RunId == run.Id).ExecuteDeleteAsync();
            await db.Epochs.Where(e => e.RunId == run.Id).ExecuteDeleteAsync();
            await db.Runs.Where(r => r.Id == run.Id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task ARunWithoutDataOrNoRunIs404()
    {
        using var none = await server.Http.GetAsync("/api/runs/987654/figures/loss.png");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var config = Presets.MlpVaeAudioConfig("demo", 0);
        var run = new RunEntity { Name = "empty", Preset = config.Preset, Dataset = "demo", DatasetRoot = server.DemoCorpusFolder, ConfigJson = config.ToJson(), CreatedAt = DateTime.UtcNow };
        await using (var db = server.OpenDatabase())
        {
            db.Runs.Add(run);
            await db.SaveChangesAsync();
        }
        try
        {
            foreach (var name in new[] { "loss", "latent" })
            {
                using var response = await server.Http.GetAsync($"/api/runs/{run.Id}/figures/{name}.png");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
        finally
        {
            await using var db = server.OpenDatabase();
            await db.Runs.Where(r => r.Id == run.Id).ExecuteDeleteAsync();
        }
    }
}
