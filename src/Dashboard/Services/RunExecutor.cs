using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// One run, start to end, on the thread the queue gives it. Every ending is recorded and published: completed, failed
/// with the reason, cancelled, or (server stopping) interrupted.
/// </summary>
public sealed class RunExecutor(RunStore store, RunBroker broker, DemoCorpusGate demo, AppPaths paths, ILogger<RunExecutor> log)
{
    /// <summary>Where a dashboard run's trainer keeps its checkpoint (every few epochs and at the end).</summary>
    public static string CheckpointFolder(AppPaths paths, int runId) => Path.Combine(RunBroker.RunFolder(paths, runId), "checkpoint");

    /// <param name="resumeFrom">The checkpoint folder to continue from, or null to train from scratch.</param>
    /// <param name="ct">Cancels the run (the user's cancel, or the server stopping).</param>
    /// <param name="stopping">The server stopping: a run it cancels is interrupted, not cancelled.</param>
    public void Execute(int runId, string? resumeFrom, CancellationToken ct, CancellationToken stopping)
    {
        var run = store.Read(runId);
        var recorder = store.Recorder(runId);
        // What the page shows live (the broker) is what the run stores as its log (the recorder).
        var observer = new CompositeObserver(recorder, new BrokerObserver(broker, runId));

        // Stopped before it started, with auto-resume on: it is still queued in the database, and the next start queues it again.
        if (ct.IsCancellationRequested && stopping.IsCancellationRequested && paths.Options.AutoResume) return;
        if (ct.IsCancellationRequested)
        {
            End(recorder, runId, stopping.IsCancellationRequested ? RunState.Interrupted : RunState.Cancelled,
                stopping.IsCancellationRequested ? "interrupted: the server stopped before the run started" : "cancelled before it started");
            FinishStudy(runId);
            return;
        }
        try
        {
            var config = RunConfig.FromJson(run.ConfigJson);
            demo.WaitFor(run, observer, ct);
            store.MarkRunning(runId);
            broker.Publish(new RunStateChangedEvent("running", null) { RunId = runId });
            observer.Log("run", $"started: {config.Model} on {config.Input}, {config.Vae.Epochs} epochs, {config.Clustering.Label}{(config.Clustering.Info?.UsesK == false ? "" : $" K = {config.Clustering.K}")}, seed {config.Seed}");
            if (resumeFrom is not null)
            {
                // Epochs before the checkpoint are not trained again: replay them from the database so the live chart and
                // late watchers see the whole history.
                var kept = store.Epochs(runId);
                foreach (var e in kept)
                    broker.Publish(new EpochCompletedEvent(e.Epoch, config.Vae.Epochs, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.Seconds) { RunId = runId });
                // The stored log says where each resume took up the run (epochs after the checkpoint were dropped: kept = 1..checkpoint).
                observer.Log("run", $"resuming from the checkpoint after epoch {(kept.Count > 0 ? kept[^1].Epoch : 0)} of {config.Vae.Epochs}");
            }
            var options = new RunOptions
            {
                CheckpointFolder = CheckpointFolder(paths, runId),
                ResumeFrom = resumeFrom,
                FeatureCacheFolder = paths.FeatureCacheFolder,
                Lyrics = store.Lyrics(run.DatasetRoot),
            };
            var result = RunPipeline.Execute(config, run.DatasetRoot, run.Dataset, observer, ct, options);
            observer.Log("run", $"completed in {result.Seconds:0.0} s: {result.Features.Clips.Count} clips of {result.Features.TracksUsed} tracks, {result.Features.Skipped.Count} file(s) skipped");
            recorder.Complete(result);
            broker.Publish(new RunStateChangedEvent("completed", null) { RunId = runId });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (!stopping.IsCancellationRequested) End(recorder, runId, RunState.Cancelled, "cancelled by the user");
            else if (paths.Options.AutoResume) LeaveForNextStart(recorder, runId);
            else End(recorder, runId, RunState.Interrupted, "interrupted: the server stopped while the run was going; epochs recorded so far are kept");
        }
        catch (Exception e)
        {
            var message = RunFailure.Message(e, paths);
            if (RunFailure.IsExpected(e, paths)) log.LogWarning("Run #{Id} failed: {Message}", runId, message);
            else log.LogError(e, "Run #{Id} failed", runId);
            End(recorder, runId, RunState.Failed, message);
        }
        FinishStudy(runId);
    }

    /// <summary>The run's study gets its table when this was its last run to end.</summary>
    private void FinishStudy(int runId)
    {
        try { store.FinishStudyOf(runId); }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or System.Text.Json.JsonException)
        {
            log.LogError(e, "Run #{Id}: its study's table could not be stored", runId);
        }
    }

    /// <summary>The server stops in an orderly way (auto-resume on): the run stays queued in the database, so the next start
    /// continues it from its last checkpoint; a stop is not a crash, so it does not count towards the resume-loop guard.</summary>
    private void LeaveForNextStart(RunRecorder recorder, int runId)
    {
        const string message = "the server stopped while the run was going: it continues from its last checkpoint when the server starts again";
        try
        {
            recorder.Log("run", message);
            recorder.FlushLog();
            store.LeaveQueuedForNextStart(runId, message);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            log.LogError("Run #{Id}: could not be left queued for the next start ({Message}); the next start finds it cut short", runId, RunFailure.Message(e, paths));
        }
        broker.Publish(new RunStateChangedEvent("queued", message) { RunId = runId });
    }

    private void End(RunRecorder recorder, int runId, RunState state, string message)
    {
        try { recorder.End(state, message); }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // A full disk or a read-only folder is said in words (and the server goes on); anything else with its stack.
            if (StorageFault.Describe(e, paths.DataFolder, paths.DatabasePath) is { } said)
                log.LogError("Run #{Id}: the final state {State} could not be stored: {Reason}", runId, state, said);
            else log.LogError(e, "Run #{Id}: the final state {State} could not be stored", runId, state);
        }
        broker.Publish(new LogLineEvent(DateTime.UtcNow, "run", $"{RunStates.Name(state)}: {message}") { RunId = runId });
        broker.Publish(new RunStateChangedEvent(RunStates.Name(state), message) { RunId = runId });
    }
}
