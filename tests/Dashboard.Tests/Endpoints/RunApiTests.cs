using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Tests.E2E;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Tests.Endpoints;

/// <summary>The HTTP API for scripts on a real server: its OpenAPI document covers every route, the runs list filters and
/// sorts, delete and resume refuse what they cannot do, tracks come by cluster and genre, and no error names a .NET type.</summary>
[Collection(DashboardServerCollection.Name)]
public sealed class RunApiTests(DashboardServer server)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryApiRoute()
    {
        using var doc = JsonDocument.Parse(await server.Http.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        // Every /api route the server maps: a new endpoint must be added here and described (the list and the document must agree).
        string[] routes =
        [
            "/api/runs", "/api/runs/{id}", "/api/runs/{id}/cancel", "/api/runs/{id}/resume", "/api/runs/{id}/assignments.csv", "/api/runs/{id}/metrics.json",
            "/api/runs/{id}/metrics.csv", "/api/runs/{id}/config.json", "/api/runs/{id}/figures/{name}.png", "/api/study", "/api/tracks", "/api/tracks/{id}/audio",
            "/api/playlists", "/api/playlists/{id}", "/api/playlists/{id}.m3u", "/api/playlists/{id}.csv",
            "/api/studies/{id}/figures/{file}", "/api/studies/{id}/table2.{format}",
            "/api/workers", "/api/features", "/api/features/{id}",
        ];
        var described = paths.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(routes.Order(), described.Where(p => p.StartsWith("/api/")).Order());
        foreach (var path in paths.EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{operation.Name} {path.Name} has no summary");
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{operation.Name} {path.Name} has no name");
            }
        var list = paths.GetProperty("/api/runs").GetProperty("get");
        Assert.Equal(["state", "preset", "dataset", "q", "sort", "metrics", "offset", "limit"], list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(paths.GetProperty("/api/runs/{id}").TryGetProperty("delete", out _));
        Assert.Contains("409", paths.GetProperty("/api/runs/{id}").GetProperty("delete").GetProperty("responses").EnumerateObject().Select(r => r.Name));
    }

    [Fact]
    public async Task WrongAndHostileRequestsAreRefusedInWordsWithoutNamingTypes()
    {
        string[] bodies =
        [
            """{"epochs":"ten"}""", """{"vae":{"epoch":3}}""", """{"foo":1}""", """{"model":5}""", """{"vae":{"hidden":"abc"}}""", """{"vae":{"hidden":[1.5]}}""",
            """{"aggregation":"nope"}""", """{"clips":{"seconds":"x"}}""", """{"clips":[1]}""", "[1,2]", """{"preset":3}""", """{"seed":"a"}""", "nonsense", "",
            """{"clustering":{"k":"a"}}""", """{"clustering":{"foo":1}}""", """{"clustering":5}""", """{"mfcc":{"pooling":7}}""", """{"lyrics":{"dim":1e99}}""",
            """{"name":5}""", """{"vae":null}""", """{"condition":"x"}""", """{"latentScaling":{}}""", """{"epochs":1e400}""", "{\"a\":", """{"vae":{"convChannels":{"x":1}}}""",
        ];
        foreach (var body in bodies)
        {
            using var response = await server.Http.PostAsync("/api/runs", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body} -> {(int)response.StatusCode} {text}");
            AssertWords(body, text);
            using var doc = JsonDocument.Parse(text);
            Assert.NotEmpty(doc.RootElement.GetProperty("errors").EnumerateObject());
        }
        string[] queries = ["/api/runs?sort=loudness&limit=x&offset=-3&state=done", "/api/runs?metrics=9&colour=red", "/api/tracks?run=x&page=-1",
            "/api/tracks?cluster=a", "/api/tracks?pageSize=100000&sort=loudness", "/api/runs/999999/resume", "/api/study?x=1"];
        foreach (var query in queries)
        {
            using var response = query.EndsWith("resume") || query.StartsWith("/api/study")
                ? await server.Http.PostAsync(query, new StringContent("{\"seeds\":\"x\"}", Encoding.UTF8, "application/json"))
                : await server.Http.GetAsync(query);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{query} -> {(int)response.StatusCode} {text}");
            AssertWords(query, text);
        }
    }

    [Fact]
    public async Task ADeviceKindIsCheckedAndACudaRunIsRefusedByADashboardWithoutCuda_AndScaleOutEndpointsSayTheyNeedWorkers()
    {
        foreach (var (device, expected) in new[] { ("gpu", "device must be one of any, cpu, cuda, got 'gpu'"), ("cuda", "this dashboard trains on the CPU") })
        {
            using var response = await server.Http.PostAsync("/api/runs", new StringContent($$"""{"preset":"mlp-vae-audio","epochs":1,"device":"{{device}}"}""", Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{device} -> {(int)response.StatusCode} {text}");
            using var doc = JsonDocument.Parse(text);
            Assert.Contains(expected, doc.RootElement.GetProperty("errors").GetProperty("device")[0].GetString());
        }
        using var workers = await server.Http.GetAsync("/api/workers");
        Assert.Equal(HttpStatusCode.Conflict, workers.StatusCode);
        Assert.Contains("MusicDashboard:ScaleOut", await workers.Content.ReadAsStringAsync());
        using var features = await server.Http.PostAsync("/api/features", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, features.StatusCode);
    }

    private static void AssertWords(string request, string text)
    {
        Assert.False(text.Contains("System.") || text.Contains("MusicDashboard.") || text.Contains("Microsoft.") || text.Contains(".NET"), $"{request} -> {text}");
        Assert.DoesNotContain("<html", text);
    }

    [Fact]
    public async Task RunsAreListedFilteredSortedDeletedAndResumedOnlyWhenTheyCanBe()
    {
        var tracks = await server.WaitForTracksAsync(TimeSpan.FromSeconds(60));
        var config = Presets.MlpVaeAudioConfig("demo", 0);
        var created = DateTime.UtcNow;
        RunEntity Run(string name, RunState state, double? nmi) => new()
        {
            Name = name, Preset = "api-test", Dataset = "synthetic demo", DatasetRoot = server.DemoCorpusFolder, ConfigJson = config.ToJson(), State = state,
            CreatedAt = created, StartedAt = created, FinishedAt = created.AddMinutes(1),
            Metrics = nmi is null ? [] : [new() { Order = 0, Row = new(RunPipeline.LatentMethodName(config), "Latent", "KMeans", 10, 0.2, 1, 1, 0.3, nmi, 0.5, 1) }],
        };
        var low = Run("api low", RunState.Completed, 0.4);
        var high = Run("api high", RunState.Completed, 0.8);
        var interrupted = Run("api interrupted", RunState.Interrupted, null);
        await using (var db = server.OpenDatabase())
        {
            db.Runs.AddRange(low, high, interrupted);
            await db.SaveChangesAsync();
            db.Assignments.AddRange(tracks.Take(6).Select((t, i) => new AssignmentEntity
            {
                RunId = high.Id, Method = RunPipeline.LatentMethodName(config), TrackId = t.Id, ClipIndex = 0, Cluster = i % 2, X = i, Y = i,
            }));
            await db.SaveChangesAsync();
        }
        try
        {
            using var list = JsonDocument.Parse(await server.Http.GetStringAsync("/api/runs?preset=api-test&sort=-nmi&state=completed"));
            Assert.Equal(2, list.RootElement.GetProperty("total").GetInt32());
            var runs = list.RootElement.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(["api high", "api low"], runs.Select(r => r.GetProperty("name").GetString()));
            Assert.Equal(0.8, runs[0].GetProperty("nmi").GetDouble(), 9);
            Assert.Equal("completed", runs[0].GetProperty("state").GetString());

            // Tracks of one cluster of the run, and of one genre within it.
            var sixTracks = tracks.Take(6).ToList();
            using var cluster = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/tracks?run={high.Id}&cluster=1&sort=file"));
            var inCluster = cluster.RootElement.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()).Order().ToList();
            Assert.Equal(sixTracks.Where((_, i) => i % 2 == 1).Select(t => t.Id).Order(), inCluster);
            Assert.Equal(RunPipeline.LatentMethodName(config), cluster.RootElement.GetProperty("method").GetString());
            var genre = sixTracks[1].Genre!;
            using var byGenre = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/tracks?run={high.Id}&cluster=1&genre={genre}"));
            Assert.All(byGenre.RootElement.GetProperty("tracks").EnumerateArray(), t => Assert.Equal(genre, t.GetProperty("genre").GetString()));
            Assert.True(byGenre.RootElement.GetProperty("total").GetInt32() >= 1);
            using var collection = JsonDocument.Parse(await server.Http.GetStringAsync("/api/tracks?pageSize=5&page=1"));
            Assert.Equal(DashboardServer.ExpectedTracks, collection.RootElement.GetProperty("total").GetInt32());
            Assert.Equal(5, collection.RootElement.GetProperty("tracks").GetArrayLength());

            // Resume: a completed run is refused in words; an interrupted one whose checkpoint is unreadable too (one without a
            // checkpoint starts again from the first epoch: tests/Dashboard.Tests/Faults); an unknown one is 404.
            using (var refused = await server.Http.PostAsync($"/api/runs/{low.Id}/resume", null))
            {
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
                Assert.Contains("cannot be resumed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
            }
            var checkpoint = Path.Combine(server.DataFolder, "runs", interrupted.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "checkpoint");
            Directory.CreateDirectory(checkpoint);
            await File.WriteAllTextAsync(Path.Combine(checkpoint, "checkpoint.json"), "{ not json");
            using (var unreadable = await server.Http.PostAsync($"/api/runs/{interrupted.Id}/resume", null))
            {
                Assert.Equal(HttpStatusCode.Conflict, unreadable.StatusCode);
                Assert.Contains("is not a checkpoint", (await unreadable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
            }
            using (var unknown = await server.Http.PostAsync("/api/runs/987654/resume", null))
                Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

            // Delete: gone with its rows; twice is 404.
            using (var deleted = await server.Http.DeleteAsync($"/api/runs/{low.Id}"))
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            using (var again = await server.Http.DeleteAsync($"/api/runs/{low.Id}"))
                Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            await using var check = server.OpenDatabase();
            Assert.False(await check.Runs.AnyAsync(r => r.Id == low.Id));
            Assert.False(await check.MetricRows.AnyAsync(m => m.RunId == low.Id));
        }
        finally
        {
            await using var db = server.OpenDatabase();
            var ids = new[] { low.Id, high.Id, interrupted.Id };
            await db.Runs.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task DeletingAQueuedOrRunningRunIsRefusedUntilItIsCancelled()
    {
        await server.WaitForTracksAsync(TimeSpan.FromSeconds(60));
        using var posted = await server.Http.PostAsync("/api/runs", new StringContent("""{"preset":"mlp-vae-audio","epochs":2000,"name":""}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        try
        {
            using (var run = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/runs/{id}")))
            {
                // No name given: named after the model, the dataset and the seed; no dataset given: the demo corpus (none configured).
                Assert.Equal("MLP-VAE (Audio) on synthetic demo, seed 0", run.RootElement.GetProperty("name").GetString());
                Assert.Equal("synthetic demo", run.RootElement.GetProperty("dataset").GetString());
            }
            using var refused = await server.Http.DeleteAsync($"/api/runs/{id}");
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("cancel it first", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
        finally
        {
            using var cancel = await server.Http.PostAsync($"/api/runs/{id}/cancel", null);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                using var delete = await server.Http.DeleteAsync($"/api/runs/{id}");
                if (delete.StatusCode == HttpStatusCode.NoContent) break;
                await Task.Delay(500);
            }
        }
    }
}
