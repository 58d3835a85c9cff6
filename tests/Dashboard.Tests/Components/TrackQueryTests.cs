using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Tests.Components;

/// <summary>The Tracks page's filters, as SQL on real SQLite and PostgreSQL databases: run clusters, genres, transcript words, file name.</summary>
public abstract class TrackQueryTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : TrackQueryTests(new SqliteTestDatabase());

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : TrackQueryTests(new PostgresTestDatabase(server));

    private const string Root = "/music/demo";
    private const string Method = "MLP-VAE (Audio) + KMeans";
    private DbContextOptions<MusicDbContext> _options = default!;
    private int _runId;
    private readonly ITranscriptLookup _transcripts = new StoredTranscriptLookup();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _options = Options;
        await using var db = new MusicDbContext(_options);
        TrackEntity Track(string genre, int n, string? lyrics) => new()
        {
            Dataset = "demo", DatasetRoot = Root, RelativePath = $"genres/{genre}/{genre}.{n:00000}.wav", Genre = genre, SidecarLyrics = lyrics, DurationSeconds = 30,
        };
        var tracks = new[]
        {
            Track("pop", 0, "Dancing all night under neon lights"), Track("pop", 1, "Hold me close tonight"),
            Track("rock", 0, "Thunder on the highway"), Track("rock", 1, null),
            Track("jazz", 0, null),
        };
        db.Tracks.AddRange(tracks);
        db.Tracks.Add(new TrackEntity { Dataset = "other", DatasetRoot = "/elsewhere", RelativePath = "genres/pop/pop.00000.wav", Genre = "pop", SidecarLyrics = "night" });
        var run = new RunEntity { Name = "r", Preset = "p", Dataset = "demo", DatasetRoot = Root, ConfigJson = "{}", State = RunState.Completed };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        _runId = run.Id;
        // Clips: pop.0 -> clusters 0, 2; pop.1 -> 1; rock.0 -> 2; rock.1 -> 1; jazz.0 -> 0. The baseline method has other clusters.
        (TrackEntity Track, int[] Clusters)[] clips = [(tracks[0], [0, 2]), (tracks[1], [1]), (tracks[2], [2]), (tracks[3], [1]), (tracks[4], [0])];
        foreach (var (track, clusters) in clips)
            for (var i = 0; i < clusters.Length; i++)
            {
                db.Assignments.Add(new AssignmentEntity { RunId = run.Id, Method = Method, TrackId = track.Id, ClipIndex = i, Cluster = clusters[i] });
                db.Assignments.Add(new AssignmentEntity { RunId = run.Id, Method = "Raw MFCC + KMeans", TrackId = track.Id, ClipIndex = i, Cluster = 5 });
            }
        await db.SaveChangesAsync();
    }

    private TrackQuery Query => new(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<MusicDbContext>(_options), _transcripts);

    /// <summary>The matching files (names), through the page query the Tracks page uses, sorted by file; checks the total too.</summary>
    private List<string> Files(TrackFilter filter)
    {
        var (rows, total) = Query.PageAsync(new TrackPageRequest(filter, "file", Descending: false, Page: 0, PageSize: 100)).GetAwaiter().GetResult();
        Assert.Equal(rows.Count, total);
        return rows.Select(r => Path.GetFileNameWithoutExtension(r.RelativePath)).ToList();
    }

    [Fact]
    public void NoFilterListsTheCollectionOnly() =>
        Assert.Equal(["jazz.00000", "pop.00000", "pop.00001", "rock.00000", "rock.00001"], Files(new TrackFilter { DatasetRoot = Root }));

    [Fact]
    public void OneClusterAndOneGenre()
    {
        // Cluster 2 holds a clip of pop.0 and of rock.0; with the genre pop only pop.0 is left.
        Assert.Equal(["pop.00000", "rock.00000"], Files(new TrackFilter { DatasetRoot = Root, RunId = _runId, Method = Method, Clusters = [2] }));
        Assert.Equal(["pop.00000"], Files(new TrackFilter { DatasetRoot = Root, RunId = _runId, Method = Method, Clusters = [2], Genres = ["pop"] }));
        Assert.Equal(["pop.00000", "pop.00001", "rock.00000", "rock.00001"], Files(new TrackFilter { DatasetRoot = Root, RunId = _runId, Method = Method, Clusters = [1, 2], Genres = ["pop", "rock"] }));
        Assert.Equal(["pop.00001", "rock.00001"], Files(new TrackFilter { DatasetRoot = Root, RunId = _runId, Method = Method, Clusters = [1, 2], Genres = ["pop", "rock"], FileText = "0001" }));
        // The other method's clusters are separate.
        Assert.Empty(Files(new TrackFilter { DatasetRoot = Root, RunId = _runId, Method = "Raw MFCC + KMeans", Clusters = [2] }));
    }

    [Fact]
    public void TranscriptWordsFileNameAndOneTrack()
    {
        Assert.Equal(["pop.00000", "pop.00001"], Files(new TrackFilter { DatasetRoot = Root, TranscriptText = "NIGHT" }));
        Assert.Equal(["rock.00000"], Files(new TrackFilter { DatasetRoot = Root, TranscriptText = "highway" }));
        Assert.Empty(Files(new TrackFilter { DatasetRoot = Root, TranscriptText = "100%_" }));
        Assert.Equal(["pop.00001", "rock.00001"], Files(new TrackFilter { DatasetRoot = Root, FileText = ".00001" }));
        using var db = new MusicDbContext(_options);
        var id = db.Tracks.Single(t => t.DatasetRoot == Root && t.RelativePath.EndsWith("jazz.00000.wav")).Id;
        Assert.Equal(["jazz.00000"], Files(new TrackFilter { DatasetRoot = Root, TrackId = id }));
    }

    [Fact]
    public async Task TranscriptsSayWhereTheyCameFromOrWhyThereIsNone()
    {
        await using var db = new MusicDbContext(_options);
        var ids = await db.Tracks.Where(t => t.DatasetRoot == Root).OrderBy(t => t.RelativePath).Select(t => t.Id).ToListAsync();
        var found = await _transcripts.ForTracksAsync(db, ids, CancellationToken.None);
        Assert.Equal(5, found.Count);
        Assert.Null(found[ids[0]].Text); // jazz
        Assert.Equal(SidecarTranscriptLookup.NoneSource, found[ids[0]].Source);
        Assert.Equal("Dancing all night under neon lights", found[ids[1]].Text);
        Assert.Equal(SidecarTranscriptLookup.SidecarSource, found[ids[1]].Source);
        var (rows, _) = await Query.PageAsync(new TrackPageRequest(new TrackFilter { DatasetRoot = Root, RunId = _runId, Method = Method }, "file", false, 0, 10));
        Assert.Equal([0, 2], rows.Single(r => r.Id == ids[1]).Clusters!);
        Assert.Equal(SidecarTranscriptLookup.NoneSource, rows.Single(r => r.Id == ids[0]).Transcript.Source);
        // A page of two, and the count of all that match.
        var (page, total) = await Query.PageAsync(new TrackPageRequest(new TrackFilter { DatasetRoot = Root }, "duration", true, 1, 2));
        Assert.Equal(5, total);
        Assert.Equal(2, page.Count);
        // Tracks per cluster: 0 holds pop.0 and jazz.0, 1 pop.1 and rock.1, 2 pop.0 and rock.0.
        Assert.Equal([(0, 2), (1, 2), (2, 2)], (await Query.ClustersAsync(_runId, Method)).Select(c => (c.Cluster, c.Tracks)));
    }

    [Fact]
    public async Task WhisperTranscriptsComeFirstAndAnInstrumentalSaysNoVocals()
    {
        await using (var write = new MusicDbContext(_options))
        {
            var byName = write.Tracks.Where(t => t.DatasetRoot == Root).AsEnumerable().ToDictionary(t => Path.GetFileNameWithoutExtension(t.RelativePath), t => t.Id);
            write.Transcripts.AddRange(
                new TranscriptEntity { TrackId = byName["rock.00001"], ContentHash = "h1", Source = "whisper:ggml-base.en.bin", Language = "en", Text = "A river of gold" },
                new TranscriptEntity { TrackId = byName["pop.00000"], ContentHash = "h2", Source = "whisper:ggml-base.en.bin", Language = "en", Text = "Dancing all the night" },
                new TranscriptEntity { TrackId = byName["pop.00000"], ContentHash = "h2", Source = TranscriptStore.SidecarSource, Text = "Dancing all night under neon lights" },
                new TranscriptEntity { TrackId = byName["jazz.00000"], ContentHash = "h3", Source = "whisper:ggml-base.en.bin", Text = "", NoVocalsDetected = true, NoSpeechProbability = 0.93 });
            await write.SaveChangesAsync();
        }
        await using var db = new MusicDbContext(_options);
        var ids = await db.Tracks.Where(t => t.DatasetRoot == Root).OrderBy(t => t.RelativePath).Select(t => t.Id).ToListAsync();
        var found = await _transcripts.ForTracksAsync(db, ids, CancellationToken.None);
        Assert.Null(found[ids[0]].Text);
        Assert.Equal("no vocals detected (Whisper ggml-base.en.bin)", found[ids[0]].Source);
        Assert.Equal("Dancing all the night", found[ids[1]].Text);
        Assert.Equal("Whisper ggml-base.en.bin, en", found[ids[1]].Source);
        Assert.Equal("Hold me close tonight", found[ids[2]].Text); // no stored transcript: the track's sidecar
        Assert.Equal(SidecarTranscriptLookup.SidecarSource, found[ids[2]].Source);
        Assert.Equal("A river of gold", found[ids[4]].Text);
        // Searching finds words of Whisper transcripts too, and never the empty text of an instrumental.
        Assert.Equal(["rock.00001"], Files(new TrackFilter { DatasetRoot = Root, TranscriptText = "river" }));
        Assert.Equal(["pop.00000", "pop.00001"], Files(new TrackFilter { DatasetRoot = Root, TranscriptText = "night" }));
    }
}
