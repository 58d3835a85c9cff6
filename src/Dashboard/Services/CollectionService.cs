using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Whisper;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// Prepares the configured collection at start-up without blocking the server: generates the demo corpus when no dataset is
/// configured (first start only), then scans it into the Tracks table. Pages subscribe to <see cref="Changed"/> for progress.
/// </summary>
public sealed class CollectionService(AppPaths paths, DbContextOptions<MusicDbContext> db, ILogger<CollectionService> log) : BackgroundService
{
    private CollectionStatus _status = new(CollectionPhase.Starting, "starting", 0, 0, paths.UsesDemoCorpus,
        paths.UsesDemoCorpus ? DemoCorpus.DatasetName : Path.GetFileName(paths.DatasetRoot), paths.DatasetRoot);

    public CollectionStatus Status => _status;
    public event Action<CollectionStatus>? Changed;

    /// <summary>Every folder the audio endpoint may serve from: the collection, and the demo corpus (runs may use it whatever
    /// the dashboard shows; it is ours, generated).</summary>
    public IReadOnlyList<string> AllowedRoots => paths.UsesDemoCorpus ? [paths.DatasetRoot] : [paths.DatasetRoot, paths.DemoCorpusFolder];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => Prepare(stoppingToken), stoppingToken);

    private void Prepare(CancellationToken ct)
    {
        try
        {
            if (paths.UsesDemoCorpus)
            {
                var options = DemoOptions(paths);
                if (!DemoCorpus.IsComplete(paths.DemoCorpusFolder, options))
                {
                    Set(CollectionPhase.GeneratingDemo, "generating the synthetic demo corpus", 0, options.TracksPerGenre * DemoCorpus.GenreNames.Count);
                    log.LogInformation("No dataset configured: generating the synthetic demo corpus into {Folder}", paths.DemoCorpusFolder);
                    var result = DemoCorpus.Generate(paths.DemoCorpusFolder, options,
                        new InlineProgress<DemoProgress>(p => Set(CollectionPhase.GeneratingDemo, $"generating the synthetic demo corpus: {p.CurrentFile}", p.Done, p.Total)), ct);
                    log.LogInformation("Demo corpus: {Tracks} tracks in {Seconds:0.0} s", result.Tracks, result.Elapsed.TotalSeconds);
                }
            }

            Set(CollectionPhase.Scanning, "scanning the collection", 0, 0);
            var scan = DatasetScanner.Scan(paths.DatasetRoot, _status.DatasetName);
            var sync = TrackCatalog.Sync(db, scan, new InlineProgress<(int Done, int Total)>(p => Set(CollectionPhase.Scanning, "reading new tracks", p.Done, p.Total)), ct);
            log.LogInformation("Collection {Root}: {Total} files ({Added} new, {Removed} removed, {Unreadable} unreadable)",
                scan.Root, sync.Total, sync.Added, sync.Removed, sync.Unreadable);
            Set(CollectionPhase.Ready, $"{sync.Total} tracks" + (sync.Unreadable > 0 ? $", {sync.Unreadable} unreadable" : ""), sync.Total, sync.Total);
            Transcribe(scan.Root, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is DatasetException or IOException or UnauthorizedAccessException)
        {
            log.LogError("The collection could not be prepared: {Message}", e.Message);
            Set(CollectionPhase.Failed, e.Message, 0, 0);
        }
        catch (Exception e)
        {
            // Anything else (database, a bug) must not stop the web server: the pages say what went wrong, runs still list.
            log.LogError(e, "The collection could not be prepared");
            Set(CollectionPhase.Failed, $"unexpected error: {e.Message}", 0, 0);
        }
    }

    /// <summary>Lyrics after the collection is ready (pages are not held up): sidecars are imported, then, with a Whisper
    /// model configured, every track not yet transcribed by it is (cached per audio hash and model). Without a model the
    /// log says so plainly and the rest works.</summary>
    private void Transcribe(string root, CancellationToken ct)
    {
        var model = string.IsNullOrWhiteSpace(paths.Options.WhisperModelPath) ? null : paths.Resolve(paths.Options.WhisperModelPath);
        try
        {
            var summary = TranscriptionService.Run(db, root, model, new TranscribeOptions { Language = null },
                new Progress<TranscriptionProgress>(p => { if (p.Done % 10 == 0 && p.Done > 0) log.LogInformation("Transcribing: {Done}/{Total} tracks", p.Done, p.Total); }),
                message => log.LogInformation("Lyrics: {Message}", message), ct);
            if (summary.Message is null)
                log.LogInformation("Transcripts ({Source}): {Transcribed} new, {Cached} cached, {NoVocals} without vocals, {Failed} unreadable, in {Seconds:0} s",
                    summary.Source, summary.Transcribed, summary.Cached, summary.NoVocals, summary.Failures.Count, summary.Seconds);
        }
        catch (WhisperModelException e) { log.LogError("Transcription unavailable: {Message}", e.Message); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The collection is ready and stays so: a lyrics failure is logged, not turned into a collection failure.
            log.LogError(e, "Lyrics could not be prepared");
        }
    }

    public static DemoCorpusOptions DemoOptions(AppPaths paths) =>
        new(TracksPerGenre: paths.Options.Demo.TracksPerGenre, Seed: paths.Options.Demo.Seed);

    private void Set(CollectionPhase phase, string message, int done, int total)
    {
        _status = _status with { Phase = phase, Message = message, Done = done, Total = total };
        Changed?.Invoke(_status);
    }
}
