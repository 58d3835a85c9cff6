using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Training.Whisper;

/// <summary>
/// Transcribes a collection's tracks into the Transcripts table as one background job: sidecar lyrics are imported first
/// (they need no model), then every readable track goes through Whisper unless a transcript from the same model and the same
/// audio bytes (SHA-256) is already stored. Unreadable audio is listed and skipped; cancellation stops between tracks.
/// Runs on its own thread: TorchSharp dispose scopes are thread-bound.
/// </summary>
public static class TranscriptionService
{
    public const string NotConfiguredMessage = "Whisper model not configured: transcripts come from sidecar lyrics only";

    /// <summary>Null when <paramref name="modelPath"/> names an existing file; otherwise the plain sentence to show and log.</summary>
    public static string? ModelProblem(string? modelPath) =>
        string.IsNullOrWhiteSpace(modelPath) ? NotConfiguredMessage
        : !File.Exists(modelPath) ? $"{NotConfiguredMessage} (the configured file '{modelPath}' does not exist)"
        : null;

    public static Task<TranscriptionSummary> StartAsync(DbContextOptions<MusicDbContext> db, string datasetRoot, string? modelPath,
        TranscribeOptions options, IProgress<TranscriptionProgress>? progress = null, Action<string>? log = null, CancellationToken ct = default) =>
        Task.Factory.StartNew(() => Run(db, datasetRoot, modelPath, options, progress, log, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static TranscriptionSummary Run(DbContextOptions<MusicDbContext> db, string datasetRoot, string? modelPath, TranscribeOptions options,
        IProgress<TranscriptionProgress>? progress = null, Action<string>? log = null, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        var sidecars = TranscriptStore.ImportSidecars(db, datasetRoot, ct);
        log?.Invoke($"sidecar lyrics: {sidecars.Imported} imported, {sidecars.Unchanged} unchanged, {sidecars.Removed} removed" +
            (sidecars.Errors.Count > 0 ? $", {sidecars.Errors.Count} unreadable: {string.Join("; ", sidecars.Errors)}" : ""));
        var problem = ModelProblem(modelPath);
        if (problem is not null)
        {
            log?.Invoke(problem);
            return new TranscriptionSummary(TranscriptStore.SidecarSource, 0, 0, 0, 0, sidecars.Imported, [], sw.Elapsed.TotalSeconds, problem);
        }

        List<(int Id, string Path)> tracks;
        using (var ctx = new MusicDbContext(db))
            tracks = ctx.Tracks.AsNoTracking().Where(t => t.DatasetRoot == datasetRoot && t.Error == null).OrderBy(t => t.RelativePath)
                .Select(t => new { t.Id, t.RelativePath }).AsEnumerable().Select(t => (t.Id, Path.Combine(datasetRoot, t.RelativePath))).ToList();
        var source = TranscriptStore.WhisperSource(modelPath!);
        var failures = new List<(string, string)>();
        int transcribed = 0, cached = 0, noVocals = 0, done = 0;
        WhisperModel? model = null; // loaded on the first track that needs it: a fully cached collection costs no load
        try
        {
            foreach (var (id, path) in tracks)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new(done, tracks.Count, transcribed, cached, failures.Count, path));
                try
                {
                    var hash = TranscriptStore.ContentHash(path);
                    if (TranscriptStore.Cached(db, id, source, hash) is not null) cached++;
                    else
                    {
                        model ??= LoadModel(modelPath!, log);
                        var audio = AudioLoader.Load(path, WhisperModel.SampleRate);
                        var t = new WhisperTranscriber(model).Transcribe(audio.Samples, options, ct);
                        TranscriptStore.Save(db, new TranscriptEntity
                        {
                            TrackId = id, ContentHash = hash, Source = source, Language = t.Language, Text = t.Text,
                            NoSpeechProbability = t.NoSpeechProb, NoVocalsDetected = t.NoVocalsDetected, Seconds = t.Seconds,
                            CreatedAt = DateTime.UtcNow,
                        });
                        transcribed++;
                        if (t.NoVocalsDetected) noVocals++;
                    }
                }
                catch (AudioDecodeException e) { failures.Add((path, e.Reason)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { failures.Add((path, e.Message)); }
                done++;
            }
        }
        finally { model?.Dispose(); }
        progress?.Report(new(done, tracks.Count, transcribed, cached, failures.Count, null));
        return new TranscriptionSummary(source, tracks.Count, transcribed, cached, noVocals, sidecars.Imported, failures, sw.Elapsed.TotalSeconds, null);
    }

    private static WhisperModel LoadModel(string path, Action<string>? log)
    {
        var sw = Stopwatch.StartNew();
        var model = WhisperModel.Load(path);
        log?.Invoke($"loaded {model.FileName}: {model.HParams.SizeName}{(model.Tokenizer.Multilingual ? "" : ".en")}, d {model.HParams.NAudioState}, " +
            $"{model.HParams.NAudioLayer}+{model.HParams.NTextLayer} layers, {model.StoredTypes} in {sw.Elapsed.TotalSeconds:0.0} s");
        return model;
    }
}
