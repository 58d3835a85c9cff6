using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Core.Storage;

/// <summary>
/// At start, finds runs that were left running or queued by a process that is gone (a crash, a kill, a stop) and decides
/// what becomes of each: taken up again (the dashboard's runs, when auto-resume is on) or marked interrupted with a reason.
/// A run whose owner process is still alive belongs to another process on the same database and is left alone.
/// </summary>
public static class RunJanitor
{
    /// <summary>A run found cut short while running this many times is no longer resumed automatically.</summary>
    public const int MaxRestarts = 3;

    /// <summary>Marks every orphaned run interrupted (no auto-resume); returns how many.</summary>
    public static int MarkInterrupted(DbContextOptions<MusicDbContext> options) => Recover(options, autoResume: false).Interrupted.Count;

    /// <param name="autoResume">Take the dashboard's orphaned runs up again (they come back in <see cref="StartupRecovery.ToResume"/>,
    /// marked interrupted until the resumer queues them).</param>
    /// <param name="maxRestarts">The resume-loop guard: a run cut short while running this many times stays interrupted.</param>
    /// <remarks>Each orphan is claimed with one conditional update (still in the state, owner and restart count it was read
    /// with), so when several processes start at once on one database (two dashboards on PostgreSQL) each run is taken up
    /// by one of them only; the others leave it.</remarks>
    public static StartupRecovery Recover(DbContextOptions<MusicDbContext> options, bool autoResume, int maxRestarts = MaxRestarts)
    {
        using var db = new MusicDbContext(options);
        var open = db.Runs.AsNoTracking().Where(r => r.State == RunState.Running || r.State == RunState.Queued).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.State, r.OwnerProcessId, r.Restarts, r.FinishedAt, r.QueuedByDashboard }).ToList();
        var orphans = open.Where(r => r.OwnerProcessId is null || !IsAlive(r.OwnerProcessId.Value)).ToList();
        List<int> toResume = [], interrupted = [], gaveUp = [];
        foreach (var run in orphans)
        {
            var owner = run.OwnerProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
            var wasRunning = run.State == RunState.Running;
            // Only a run that was going counts: a queued run cannot have brought its process down.
            var restarts = wasRunning ? run.Restarts + 1 : run.Restarts;
            string error;
            List<int> outcome;
            if (autoResume && run.QueuedByDashboard && restarts >= maxRestarts)
            {
                error = $"interrupted: the server stopped {restarts} times while this run was going (the last time pid {owner}), so it is " +
                    "no longer resumed automatically in case it is what brings the server down; resume it by hand once the cause is found";
                outcome = gaveUp;
            }
            else if (autoResume && run.QueuedByDashboard)
            {
                error = wasRunning
                    ? $"interrupted: the process running it (pid {owner}) stopped before the run finished; resumed automatically at the next start"
                    : $"interrupted: the process it was queued in (pid {owner}) stopped before the run started; queued again at the next start";
                outcome = toResume;
            }
            else
            {
                error = $"interrupted: the process running it (pid {owner}) stopped before the run finished; epochs recorded so far are kept";
                outcome = interrupted;
            }
            var finishedAt = run.FinishedAt ?? DateTime.UtcNow;
            var claimed = db.Runs
                .Where(r => r.Id == run.Id && r.State == run.State && r.OwnerProcessId == run.OwnerProcessId && r.Restarts == run.Restarts)
                .ExecuteUpdate(u => u.SetProperty(r => r.State, RunState.Interrupted).SetProperty(r => r.Restarts, restarts)
                    .SetProperty(r => r.FinishedAt, finishedAt).SetProperty(r => r.Error, error));
            if (claimed == 1) outcome.Add(run.Id); // else another process starting at the same time took it
        }
        return new StartupRecovery(toResume, interrupted, gaveUp, open.Count - orphans.Count);
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return false; // this process is just starting: nothing of ours can be running yet
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
