using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>The transcript store (sidecar import, the Whisper cache, replacement, cascade) on SQLite and PostgreSQL.</summary>
public abstract class TranscriptStoreTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : TranscriptStoreTests(new SqliteTestDatabase());

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : TranscriptStoreTests(new PostgresTestDatabase(server));

    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-transcripts-").FullName;
    private string Root => Path.Combine(_dir, "music");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(Microsoft.EntityFrameworkCore.DbContextOptions<MusicDbContext> Options, int A, int B)> Setup()
    {
        var options = Options;
        Directory.CreateDirectory(Root);
        await using var db = new MusicDbContext(options);
        var a = new TrackEntity { Dataset = "d", DatasetRoot = Root, RelativePath = "a.wav", ScannedAt = DateTime.UtcNow };
        var b = new TrackEntity { Dataset = "d", DatasetRoot = Root, RelativePath = "b.wav", ScannedAt = DateTime.UtcNow };
        db.Tracks.AddRange(a, b);
        await db.SaveChangesAsync();
        return (options, a.Id, b.Id);
    }

    [Fact]
    public async Task ImportsTxtAndLrcSidecarsOnceAndFollowsChanges()
    {
        var (options, a, b) = await Setup();
        File.WriteAllText(Path.Combine(Root, "a.txt"), "  Hello darkness\nmy old friend \n");
        File.WriteAllText(Path.Combine(Root, "b.lrc"), "[ar:Someone]\n[ti:Song]\n[00:12.00]First line\n[00:17.20][01:02.00]Chorus <00:18.00>word\n\n");

        var first = TranscriptStore.ImportSidecars(options, Root);
        Assert.Equal((2, 0, 0), (first.Imported, first.Unchanged, first.Removed));
        var ta = Assert.Single(TranscriptStore.ForTrack(options, a));
        Assert.Equal(("sidecar", "Hello darkness\nmy old friend", false), (ta.Source, ta.Text, ta.NoVocalsDetected));
        Assert.Null(ta.NoSpeechProbability);
        Assert.Equal("First line\nChorus word", Assert.Single(await TranscriptStore.ForTrackAsync(options, b)).Text);

        var again = TranscriptStore.ImportSidecars(options, Root);
        Assert.Equal((0, 2, 0), (again.Imported, again.Unchanged, again.Removed));

        File.WriteAllText(Path.Combine(Root, "a.txt"), "new words");
        File.Delete(Path.Combine(Root, "b.lrc"));
        var changed = TranscriptStore.ImportSidecars(options, Root);
        Assert.Equal((1, 0, 1), (changed.Imported, changed.Unchanged, changed.Removed));
        Assert.Equal("new words", TranscriptStore.ForTrack(options, a).Single().Text);
        Assert.Empty(TranscriptStore.ForTrack(options, b));
    }

    [Fact]
    public async Task CacheIsPerTrackSourceAndContentAndSaveReplaces()
    {
        var (options, a, b) = await Setup();
        var source = TranscriptStore.WhisperSource("/models/ggml-base.en.bin");
        Assert.Equal("whisper:ggml-base.en.bin", source);
        TranscriptStore.Save(options, new TranscriptEntity { TrackId = a, ContentHash = "h1", Source = source, Language = "en", Text = "one", NoSpeechProbability = 0.1 });
        Assert.NotNull(TranscriptStore.Cached(options, a, source, "h1"));
        Assert.Null(TranscriptStore.Cached(options, a, source, "h2"));
        Assert.Null(TranscriptStore.Cached(options, a, "whisper:ggml-tiny.bin", "h1"));
        Assert.Null(TranscriptStore.Cached(options, b, source, "h1"));

        TranscriptStore.Save(options, new TranscriptEntity { TrackId = a, ContentHash = "h2", Source = source, Text = "", NoVocalsDetected = true, NoSpeechProbability = 0.9 });
        TranscriptStore.Save(options, new TranscriptEntity { TrackId = a, ContentHash = "s", Source = TranscriptStore.SidecarSource, Text = "lyrics" });
        var all = TranscriptStore.ForTrack(options, a);
        Assert.Equal([source, "sidecar"], all.Select(t => t.Source)); // Whisper first, then the sidecar
        Assert.True(all[0].NoVocalsDetected);
        var many = await TranscriptStore.ForTracksAsync(options, [a, b]);
        Assert.Equal(2, many[a].Count);
        Assert.False(many.ContainsKey(b));
    }

    [Fact]
    public async Task DeletingATrackDeletesItsTranscripts()
    {
        var (options, a, _) = await Setup();
        TranscriptStore.Save(options, new TranscriptEntity { TrackId = a, ContentHash = "h", Source = "sidecar", Text = "x" });
        await using (var db = new MusicDbContext(options))
        {
            db.Tracks.Remove(db.Tracks.Single(t => t.Id == a));
            await db.SaveChangesAsync();
        }
        Assert.Empty(TranscriptStore.ForTrack(options, a));
    }

    [Fact]
    public async Task AnImportBeatenToATrackByAnotherProcessStartsAgainAndKeepsOneTranscriptPerTrack()
    {
        var (options, a, b) = await Setup();
        File.WriteAllText(Path.Combine(Root, "a.txt"), "first words");
        File.WriteAllText(Path.Combine(Root, "b.txt"), "second words");
        // Another dashboard starting at the same time imports a's sidecar between this import's read and its write.
        var other = new BeforeFirstSave(() => TranscriptStore.Save(options, new TranscriptEntity
            { TrackId = a, ContentHash = TranscriptStore.ContentHash(Path.Combine(Root, "a.txt")), Source = TranscriptStore.SidecarSource, Text = "first words" }));
        var racing = new DbContextOptionsBuilder<MusicDbContext>(options).AddInterceptors(other).Options;

        var result = TranscriptStore.ImportSidecars(racing, Root);

        Assert.True(other.Fired);
        Assert.Equal((1, 1, 0), (result.Imported, result.Unchanged, result.Removed)); // started again: a is the other's, b is this one's
        Assert.Equal("first words", Assert.Single(TranscriptStore.ForTrack(options, a)).Text);
        Assert.Equal("second words", Assert.Single(TranscriptStore.ForTrack(options, b)).Text);
    }

    /// <summary>Runs what another process would write once, just before the first save of the contexts it is added to.</summary>
    private sealed class BeforeFirstSave(Action write) : SaveChangesInterceptor
    {
        public bool Fired { get; private set; }

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            if (!Fired)
            {
                Fired = true;
                write();
            }
            return result;
        }
    }
}
