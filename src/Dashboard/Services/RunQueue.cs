using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

public sealed record EnqueueResult(int? RunId, IReadOnlyList<FieldProblem> Problems)
{
    public bool Accepted => RunId is not null;
}

/// <summary>
/// The background run queue: runs wait in order and execute <see cref="MaxConcurrentRuns"/> at a time (one by default: two
/// trainings on one CPU only slow each other down), each on its own thread (TorchSharp's dispose scopes are thread-static).
/// A run belongs to the server, not to a browser: closing the page does not stop it; only <see cref="Cancel"/> does.
/// </summary>
public sealed class RunQueue(
    IDbContextFactory<MusicDbContext> dbFactory,
    DbContextOptions<MusicDbContext> dbOptions,
    AppPaths paths,
    RunBroker broker,
    CollectionService collection,
    IConfiguration configuration,
    ILogger<RunQueue> log) : BackgroundService
{
    public const string MaxConcurrentRunsKey = "MusicDashboard:MaxConcurrentRuns";

    private readonly Channel<int> _pending = Channel.CreateUnbounded<int>();
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _tokens = new();
    private readonly ConcurrentDictionary<int, byte> _waiting = new();
    /// <summary>Runs queued to continue from their checkpoint folder instead of training from scratch.</summary>
    private readonly ConcurrentDictionary<int, string> _resumeFrom = new();

    /// <summary>Where a dashboard run's trainer keeps its checkpoint (every few epochs and at the end).</summary>
    public static string CheckpointFolder(AppPaths paths, int runId) => Path.Combine(RunBroker.RunFolder(paths, runId), "checkpoint");

    public int MaxConcurrentRuns { get; } = Math.Clamp(configuration.GetValue(MaxConcurrentRunsKey, 1), 1, 16);

    /// <summary>Runs queued in this process and not started yet, oldest first.</summary>
    public IReadOnlyList<int> Waiting => _waiting.Keys.Order().ToList();

    /// <summary>Raised (on a pool thread) when a run is queued, starts, or ends.</summary>
    public event Action? Changed;

    /// <summary>Validates, stores the run as queued and queues it. Invalid configs come back with their field problems.</summary>
    public async Task<EnqueueResult> EnqueueAsync(RunConfig config, CancellationToken ct = default)
    {
        var problems = config.Problems().Select(p => new FieldProblem(p.Field, p.Message)).ToList();
        var (root, name, datasetProblem) = ResolveDataset(config.Dataset);
        if (datasetProblem is not null) problems.Add(new FieldProblem("dataset", datasetProblem));
        else if (FeatureTableDataset.IsTable(root) && config.FeatureTableProblem() is { } tableProblem) problems.Add(new FieldProblem("dataset", tableProblem));
        if (problems.Count > 0) return new EnqueueResult(null, problems);

        // Ours while queued: a restart finds it orphaned and marks it interrupted instead of leaving it queued forever.
        var run = RunRecorder.NewRun(config, name, root, RunState.Queued);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Runs.Add(run);
            await db.SaveChangesAsync(ct);
        }
        broker.Open(run, config.Vae.Epochs);
        _tokens[run.Id] = new CancellationTokenSource();
        _waiting[run.Id] = 0;
        broker.Publish(new RunStateChangedEvent("queued", Waiting.Count > 1 || Running > 0 ? $"waiting: {Waiting.Count} run(s) queued" : null) { RunId = run.Id });
        broker.Publish(new LogLineEvent(DateTime.UtcNow, "queue", $"queued {run.Name} ({config.Preset}) on {name}") { RunId = run.Id });
        await _pending.Writer.WriteAsync(run.Id, ct);
        log.LogInformation("Run #{Id} queued: {Name} on {Dataset}", run.Id, run.Name, name);
        Changed?.Invoke();
        return new EnqueueResult(run.Id, []);
    }

    /// <summary>
    /// Queues an interrupted run again to continue from its last checkpoint: the epochs after the checkpoint are trained
    /// again (their old rows are dropped so the history holds each epoch once), then clustering and metrics run as usual.
    /// Returns null when queued, else why it cannot be resumed.
    /// </summary>
    public async Task<string?> ResumeAsync(int runId, CancellationToken ct = default)
    {
        var folder = CheckpointFolder(paths, runId);
        Checkpoint.State saved;
        try { saved = Checkpoint.Read(folder); }
        catch (ArgumentException e) { return $"run #{runId} cannot be resumed: {e.Message}"; }
        RunEntity run;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var found = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, ct);
            if (found is null) return $"run #{runId} does not exist";
            if (found.State != RunState.Interrupted) return $"run #{runId} is {RunStates.Name(found.State)}: only an interrupted run is resumed";
            await db.Epochs.Where(e => e.RunId == runId && e.Epoch > saved.Epoch).ExecuteDeleteAsync(ct);
            found.State = RunState.Queued;
            found.Error = null;
            found.FinishedAt = null;
            found.OwnerProcessId = Environment.ProcessId;
            await db.SaveChangesAsync(ct);
            run = found;
        }
        var config = RunConfig.FromJson(run.ConfigJson);
        broker.Forget(runId);
        broker.Open(run, config.Vae.Epochs);
        _resumeFrom[runId] = folder;
        _tokens[runId] = new CancellationTokenSource();
        _waiting[runId] = 0;
        broker.Publish(new RunStateChangedEvent("queued", $"resuming from the checkpoint after epoch {saved.Epoch}") { RunId = runId });
        broker.Publish(new LogLineEvent(DateTime.UtcNow, "queue", $"resuming {run.Name} from its checkpoint after epoch {saved.Epoch} of {config.Vae.Epochs}") { RunId = runId });
        await _pending.Writer.WriteAsync(runId, ct);
        log.LogInformation("Run #{Id} queued to resume after epoch {Epoch}", runId, saved.Epoch);
        Changed?.Invoke();
        return null;
    }

    private int _running;
    public int Running => Volatile.Read(ref _running);

    /// <summary>Cancels a waiting or running run. False when this process is not executing it.</summary>
    public bool Cancel(int runId)
    {
        if (!_tokens.TryGetValue(runId, out var cts)) return false;
        try { cts.Cancel(); }
        catch (ObjectDisposedException) { return false; }
        return true;
    }

    public bool IsActive(int runId) => _tokens.ContainsKey(runId);

    /// <summary>"demo" is the configured demo corpus; anything else an existing folder or feature table (.csv), relative to
    /// the configuration folder.</summary>
    public (string Root, string Name, string? Problem) ResolveDataset(string dataset)
    {
        if (string.IsNullOrWhiteSpace(dataset)) return ("", "", "give a folder, a feature table (.csv) or 'demo'");
        if (dataset.Trim() == "demo") return (paths.DemoCorpusFolder, DemoCorpus.DatasetName, null);
        var root = paths.Resolve(dataset.Trim());
        if (FeatureTableDataset.IsTable(root))
            return File.Exists(root) ? (root, Path.GetFileNameWithoutExtension(root), null) : (root, "", $"feature table '{root}' does not exist");
        if (!Directory.Exists(root)) return (root, "", $"folder '{root}' does not exist");
        var name = root == paths.DatasetRoot && !paths.UsesDemoCorpus ? collection.Status.DatasetName : Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        return (root, name, null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, MaxConcurrentRuns).Select(_ => WorkAsync(stoppingToken)).ToList();
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var runId in _pending.Reader.ReadAllAsync(stoppingToken))
                await RunOneAsync(runId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(int runId, CancellationToken stoppingToken)
    {
        _waiting.TryRemove(runId, out _);
        if (!_tokens.TryGetValue(runId, out var cts)) return; // deleted while waiting
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, stoppingToken);
        Interlocked.Increment(ref _running);
        Changed?.Invoke();
        try
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try { Execute(runId, linked.Token, stoppingToken); }
                catch (Exception e) { log.LogError(e, "Run #{Id}: unexpected failure outside the pipeline", runId); }
                finally { done.SetResult(); }
            })
            {
                IsBackground = true,
                Name = $"run-{runId}",
            };
            thread.Start();
            await done.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            if (_tokens.TryRemove(runId, out var removed)) removed.Dispose();
            Changed?.Invoke();
        }
    }

    /// <summary>One run, start to end, on its own thread. Every ending is recorded: completed, failed with the reason,
    /// cancelled, or (server stopping) interrupted.</summary>
    private void Execute(int runId, CancellationToken ct, CancellationToken stopping)
    {
        RunEntity run;
        using (var db = new MusicDbContext(dbOptions))
            run = db.Runs.AsNoTracking().Single(r => r.Id == runId);
        var recorder = new RunRecorder(dbOptions, runId);
        var observer = new BrokerObserver(broker, runId);

        if (ct.IsCancellationRequested)
        {
            End(recorder, runId, stopping.IsCancellationRequested ? RunState.Interrupted : RunState.Cancelled,
                stopping.IsCancellationRequested ? "interrupted: the server stopped before the run started" : "cancelled before it started");
            return;
        }
        try
        {
            var config = RunConfig.FromJson(run.ConfigJson);
            WaitForCollection(run, observer, ct);
            using (var db = new MusicDbContext(dbOptions))
            {
                var entity = db.Runs.Single(r => r.Id == runId);
                entity.State = RunState.Running;
                entity.StartedAt = DateTime.UtcNow;
                entity.OwnerProcessId = Environment.ProcessId;
                db.SaveChanges();
            }
            broker.Publish(new RunStateChangedEvent("running", null) { RunId = runId });
            observer.Log("run", $"started: {config.Model} on {config.Input}, {config.Vae.Epochs} epochs, {config.Clustering.Label} K = {config.Clustering.K}, seed {config.Seed}");
            var resume = _resumeFrom.TryRemove(runId, out var from) ? from : null;
            if (resume is not null)
            {
                // Epochs before the checkpoint are not trained again: replay them from the database so the live chart and
                // late watchers see the whole history.
                using var db = new MusicDbContext(dbOptions);
                foreach (var e in db.Epochs.AsNoTracking().Where(e => e.RunId == runId).OrderBy(e => e.Epoch).ToList())
                    broker.Publish(new EpochCompletedEvent(e.Epoch, config.Vae.Epochs, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.Seconds) { RunId = runId });
            }
            var options = new RunOptions
            {
                CheckpointFolder = CheckpointFolder(paths, runId),
                ResumeFrom = resume,
                FeatureCacheFolder = paths.FeatureCacheFolder,
                // Whisper transcripts when the collection job made them, else the sidecar lyrics.
                Lyrics = new TranscriptLyricsSource(dbOptions, run.DatasetRoot),
            };
            var result = RunPipeline.Execute(config, run.DatasetRoot, run.Dataset, new CompositeObserver(recorder, observer), ct, options);
            recorder.Complete(result);
            observer.Log("run", $"completed in {result.Seconds:0.0} s: {result.Features.Clips.Count} clips of {result.Features.TracksUsed} tracks, {result.Features.Skipped.Count} file(s) skipped");
            broker.Publish(new RunStateChangedEvent("completed", null) { RunId = runId });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested) End(recorder, runId, RunState.Interrupted, "interrupted: the server stopped while the run was going; epochs recorded so far are kept");
            else End(recorder, runId, RunState.Cancelled, "cancelled by the user");
        }
        catch (Exception e)
        {
            // Whatever the pipeline refuses (a model this build cannot train, a dataset with too few clips, divergence) is a
            // failed run with its reason, never a crashed server.
            var message = e is TrainingDivergedException or DatasetException or NotSupportedException or ArgumentException or InvalidOperationException
                ? e.Message : $"{e.GetType().Name}: {e.Message}";
            if (e is not (TrainingDivergedException or DatasetException or NotSupportedException or ArgumentException))
                log.LogError(e, "Run #{Id} failed", runId);
            else
                log.LogWarning("Run #{Id} failed: {Message}", runId, message);
            End(recorder, runId, RunState.Failed, message);
        }
    }

    private void End(RunRecorder recorder, int runId, RunState state, string message)
    {
        try { recorder.End(state, message); }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            log.LogError(e, "Run #{Id}: the final state {State} could not be stored", runId, state);
        }
        broker.Publish(new LogLineEvent(DateTime.UtcNow, "run", $"{RunStates.Name(state)}: {message}") { RunId = runId });
        broker.Publish(new RunStateChangedEvent(RunStates.Name(state), message) { RunId = runId });
    }

    /// <summary>The demo corpus may still be generating when the first run is queued (first start): wait for it, or make it
    /// when the dashboard shows another collection.</summary>
    private void WaitForCollection(RunEntity run, BrokerObserver observer, CancellationToken ct)
    {
        if (run.DatasetRoot != paths.DemoCorpusFolder) return;
        if (paths.UsesDemoCorpus)
        {
            var said = false;
            while (collection.Status.Phase is not (CollectionPhase.Ready or CollectionPhase.Failed))
            {
                if (!said) observer.Log("queue", "waiting for the demo corpus to be generated");
                said = true;
                ct.WaitHandle.WaitOne(250);
                ct.ThrowIfCancellationRequested();
            }
        }
        var options = CollectionService.DemoOptions(paths);
        if (!DemoCorpus.IsComplete(paths.DemoCorpusFolder, options))
        {
            observer.Log("demo", $"generating the synthetic demo corpus into {paths.DemoCorpusFolder}");
            DemoCorpus.Generate(paths.DemoCorpusFolder, options, null, ct);
        }
    }

    public override void Dispose()
    {
        foreach (var cts in _tokens.Values) cts.Dispose();
        base.Dispose();
    }
}

/// <summary>Turns a run's observer calls into broker events. Progress is thinned to whole percents: the features stage
/// reports once per file, which for GTZAN would be thousands of events for nothing.</summary>
public sealed class BrokerObserver(RunBroker broker, int runId) : IRunObserver
{
    private (string Stage, int Percent) _lastProgress = ("", -1);

    public void Log(string stage, string message) => broker.Publish(new LogLineEvent(DateTime.UtcNow, stage, message) { RunId = runId });

    public void Progress(string stage, int done, int total)
    {
        var percent = total <= 0 ? 0 : (int)(100L * done / total);
        if (_lastProgress == (stage, percent) && done != total) return;
        _lastProgress = (stage, percent);
        broker.Publish(new ProgressEvent(stage, done, total) { RunId = runId });
    }

    public void Epoch(EpochReport e)
    {
        broker.Publish(new EpochCompletedEvent(e.Epoch, e.Epochs, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.Seconds)
            { RunId = runId, PublishedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        broker.Publish(new ProgressEvent("train", e.Epoch, e.Epochs) { RunId = runId });
    }

    public void Metrics(MetricsRow row) => broker.Publish(new MetricsComputedEvent(row) { RunId = runId });

    public void Projection(ProjectionReport r) => broker.Publish(new ProjectionUpdatedEvent(r.Method, r.Epoch, r.Final, r.Technique,
        r.Points.Select(p => p[0]).ToArray(), r.Points.Select(p => p[1]).ToArray(), r.Clusters) { RunId = runId });
}
