using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Tests.E2E;

namespace MusicDashboard.Dashboard.Tests.Endpoints;

/// <summary><c>GET /api/tracks/{id}/audio</c> against the running dashboard: real tracks stream (with ranges), rows that
/// point outside the dataset roots are refused whatever the database says.</summary>
[Collection(DashboardServerCollection.Name)]
public sealed class AudioEndpointTests(DashboardServer server)
{
    [Fact]
    public async Task ARealTrackStreamsAsWavWithRangeSupport()
    {
        var track = (await server.WaitForTracksAsync(TimeSpan.FromSeconds(60))).First(t => t.Error is null);
        var url = $"/api/tracks/{track.Id}/audio";

        using var whole = await server.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("audio/wav", whole.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bytes", whole.Headers.AcceptRanges);
        var bytes = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(track.SizeBytes, bytes.Length);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal("WAVE"u8.ToArray(), bytes[8..12]);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(0, 99);
        using var partial = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(100, partial.Content.Headers.ContentLength);
        Assert.Equal($"bytes 0-99/{bytes.Length}", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(bytes[..100], await partial.Content.ReadAsByteArrayAsync());

        using var tail = new HttpRequestMessage(HttpMethod.Get, url);
        tail.Headers.Range = new RangeHeaderValue(bytes.Length - 10, null);
        using var end = await server.Http.SendAsync(tail);
        Assert.Equal(HttpStatusCode.PartialContent, end.StatusCode);
        Assert.Equal(bytes[^10..], await end.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RowsPointingOutsideTheDatasetRootsAreRefused()
    {
        var tracks = await server.WaitForTracksAsync(TimeSpan.FromSeconds(60));
        var real = tracks.First(t => t.Error is null);
        // A real audio file in a folder beside the corpus whose name shares its prefix (demo-corpus2).
        var sibling = server.DemoCorpusFolder + "2";
        Directory.CreateDirectory(sibling);
        File.Copy(Path.Combine(server.DemoCorpusFolder, real.RelativePath), Path.Combine(sibling, "copy.wav"), overwrite: true);
        var outsideFile = Path.Combine(server.Folder, "appsettings.json");

        var rows = new[]
        {
            Row(sibling, "copy.wav"),                                                    // root not allowed (sibling, same prefix)
            Row(server.Folder, "appsettings.json"),                                      // root not allowed (the parent)
            Row("/etc", "passwd"),                                                       // root not allowed (system folder)
            Row(server.DemoCorpusFolder, "../../appsettings.json"),                      // allowed root, escapes with ../
            Row(server.DemoCorpusFolder, "../demo-corpus2/copy.wav"),                    // allowed root, escapes into the sibling
            Row(server.DemoCorpusFolder, "genres/../../../../../../etc/passwd"),         // allowed root, deep escape
            Row(server.DemoCorpusFolder, outsideFile),                                   // allowed root, absolute path
        };
        await using (var db = server.OpenDatabase())
        {
            db.Tracks.AddRange(rows);
            await db.SaveChangesAsync();
        }
        try
        {
            foreach (var row in rows)
            {
                using var response = await server.Http.GetAsync($"/api/tracks/{row.Id}/audio");
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                    $"{row.DatasetRoot} + {row.RelativePath}: {(int)response.StatusCode}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("RIFF", body);
                Assert.DoesNotContain("root:", body);
                Assert.DoesNotContain("MusicDashboard", body);
            }
        }
        finally
        {
            var ids = rows.Select(r => r.Id).ToArray();
            await using var db = server.OpenDatabase();
            await db.Tracks.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task AnUnknownTrackIs404()
    {
        using var response = await server.Http.GetAsync("/api/tracks/987654/audio");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static TrackEntity Row(string root, string relative) => new()
    {
        Dataset = "test", DatasetRoot = root, RelativePath = relative, Genre = "escape", DurationSeconds = 1, SampleRate = 22050, Channels = 1,
        ScannedAt = DateTime.UtcNow,
    };
}
