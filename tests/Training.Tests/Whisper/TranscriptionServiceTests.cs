using Microsoft.Data.Sqlite;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Whisper;

namespace MusicDashboard.Training.Tests.Whisper;

/// <summary>The collection job with the fixture model: transcripts stored per track with provenance, cached per audio
/// hash and model on a second run, sidecars imported, unreadable files skipped; without a model, sidecars only.</summary>
public sealed class TranscriptionServiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-transcription-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(Microsoft.EntityFrameworkCore.DbContextOptions<MusicDbContext> Db, string Root)> Collection()
    {
        var root = Path.Combine(_dir, "music");
        Directory.CreateDirectory(Path.Combine(root, "pop"));
        var speech = WhisperFixtures.Audio("speech_en_16k.wav");
        WavWriter.WritePcm16(Path.Combine(root, "pop", "pop.00000.wav"), speech, 16000);
        WavWriter.WritePcm16(Path.Combine(root, "pop", "pop.00001.wav"), speech.Select(x => -x).ToArray(), 16000);
        File.WriteAllText(Path.Combine(root, "pop", "pop.00001.txt"), "sidecar words");
        File.WriteAllBytes(Path.Combine(root, "pop", "pop.00002.wav"), [1, 2, 3]); // corrupt
        var dbPath = Path.Combine(_dir, "music.db");
        await Database.MigrateAsync(dbPath);
        var db = Database.Options(dbPath);
        TrackCatalog.Sync(db, DatasetScanner.Scan(root, "test"));
        return (db, Path.GetFullPath(root));
    }

    [Fact]
    public async Task TranscribesStoresAndSkipsCachedTracksOnTheSecondRun()
    {
        var (db, root) = await Collection();
        var model = WhisperFixtures.ModelPath("f16");
        var options = new TranscribeOptions { MaxTokens = 4, Temperatures = [0.0], NoSpeechThreshold = 1.0 };
        var progress = new List<TranscriptionProgress>();
        var first = await TranscriptionService.StartAsync(db, root, model, options, new SyncReporter(progress));
        Assert.Null(first.Message);
        Assert.Equal((2, 2, 0, 1), (first.Total, first.Transcribed, first.Cached, first.SidecarsImported));
        Assert.Equal(2, progress[^1].Done);

        var ids = TrackCatalog.Ids(db, root);
        var withSidecar = TranscriptStore.ForTrack(db, ids["pop/pop.00001.wav"]);
        Assert.Equal(["whisper:ggml-tiny-random-f16.bin", "sidecar"], withSidecar.Select(t => t.Source));
        Assert.Equal("en", withSidecar[0].Language);
        Assert.NotNull(withSidecar[0].NoSpeechProbability);
        Assert.Equal(TranscriptStore.ContentHash(Path.Combine(root, "pop", "pop.00001.wav")), withSidecar[0].ContentHash);
        Assert.False(string.IsNullOrWhiteSpace(withSidecar[0].Text));
        Assert.Equal("sidecar words", withSidecar[1].Text);

        var second = TranscriptionService.Run(db, root, model, options);
        Assert.Equal((2, 0, 2), (second.Total, second.Transcribed, second.Cached));
    }

    [Fact]
    public async Task WithoutAModelOnlySidecarsAreImportedAndItSaysSo()
    {
        var (db, root) = await Collection();
        var log = new List<string>();
        var summary = TranscriptionService.Run(db, root, "", new TranscribeOptions(), log: log.Add);
        Assert.Equal(TranscriptionService.NotConfiguredMessage, summary.Message);
        Assert.Contains("Whisper model not configured: transcripts come from sidecar lyrics only", log);
        Assert.Equal(1, summary.SidecarsImported);
        var missing = TranscriptionService.Run(db, root, "/nowhere/ggml-base.bin", new TranscribeOptions());
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public async Task ACorruptModelFileFailsWithItsName()
    {
        var (db, root) = await Collection();
        var bad = Path.Combine(_dir, "ggml-broken.bin");
        File.WriteAllBytes(bad, [0x6c, 0x6d, 0x67, 0x67, 1, 0, 0, 0]);
        var e = Assert.Throws<WhisperModelException>(() => TranscriptionService.Run(db, root, bad, new TranscribeOptions()));
        Assert.Contains("ggml-broken.bin", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    private sealed class SyncReporter(List<TranscriptionProgress> sink) : IProgress<TranscriptionProgress>
    {
        public void Report(TranscriptionProgress value) { lock (sink) sink.Add(value); }
    }
}
