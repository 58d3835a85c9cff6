using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// The dashboard's side of scale-out: a queued run becomes a Hangfire job on the queue of the device kind it asked for,
/// which some <c>musicdash worker</c> takes (<see cref="RunJob"/>); cancelling deletes the job (Hangfire tells the worker
/// executing it, which ends the run as cancelled) and marks a run no worker has started yet as cancelled at once.
/// </summary>
public sealed class RunDispatcher(IBackgroundJobClient jobs, IDbContextFactory<MusicDbContext> dbFactory, RunBroker broker, ILogger<RunDispatcher> log)
{
    public async Task DispatchAsync(RunEntity run, CancellationToken ct)
    {
        var queue = DeviceKinds.QueueOf(run.Device);
        var jobId = jobs.Create<RunJob>(j => j.Execute(run.Id, CancellationToken.None), new EnqueuedState(queue));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.JobId, jobId), ct);
        log.LogInformation("Run #{Id} is job {Job} on queue {Queue}", run.Id, jobId, queue);
    }

    /// <summary>False when the run is not queued or running.</summary>
    public async Task<bool> CancelAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.State, r.JobId }).SingleOrDefaultAsync(ct);
        if (run is null || run.State is not (RunState.Queued or RunState.Running)) return false;
        if (run.JobId is not null) jobs.Delete(run.JobId);
        // Not started by any worker yet: cancelled here (a worker that takes the job afterwards finds it cancelled and
        // leaves it). A running one is ended by its worker when the deleted job's cancellation reaches it.
        const string message = "cancelled by the user";
        var now = DateTime.UtcNow;
        var cancelled = await db.Runs.Where(r => r.Id == runId && r.State == RunState.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, RunState.Cancelled).SetProperty(r => r.Error, message).SetProperty(r => r.FinishedAt, now), ct);
        if (cancelled > 0)
        {
            broker.Publish(new LogLineEvent(now, "run", $"cancelled: {message}") { RunId = runId });
            broker.Publish(new RunStateChangedEvent("cancelled", message) { RunId = runId });
        }
        return true;
    }
}
