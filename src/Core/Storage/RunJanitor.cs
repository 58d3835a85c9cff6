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
    public static StartupRecovery Recover(DbContextOptions<MusicDbContext> options, bool autoResume, int maxRestarts = MaxRestarts)
    {
        using var db = new MusicDbContext(options);
        var open = db.Runs.Where(r => r.State == RunState.Running || r.State == RunState.Queued).OrderBy(r => r.Id).ToList();
        var orphans = open.Where(r => r.OwnerProcessId is null || !IsAlive(r.OwnerProcessId.Value)).ToList();
        List<int> toResume = [], interrupted = [], gaveUp = [];
        foreach (var run in orphans)
        {
            var owner = run.OwnerProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
            var wasRunning = run.State == RunState.Running;
            // Only a run that was going counts: a queued run cannot have brought its process down.
            if (wasRunning) run.Restarts++;
            run.State = RunState.Interrupted;
            run.FinishedAt ??= DateTime.UtcNow;
            if (autoResume && run.QueuedByDashboard && run.Restarts >= maxRestarts)
            {
                run.Error = $"interrupted: the server stopped {run.Restarts} times while this run was going (the last time pid {owner}), so it is " +
                    "no longer resumed automatically in case it is what brings the server down; resume it by hand once the cause is found";
                gaveUp.Add(run.Id);
            }
            else if (autoResume && run.QueuedByDashboard)
            {
                run.Error = wasRunning
                    ? $"interrupted: the process running it (pid {owner}) stopped before the run finished; resumed automatically at the next start"
                    : $"interrupted: the process it was queued in (pid {owner}) stopped before the run started; queued again at the next start";
                toResume.Add(run.Id);
            }
            else
            {
                run.Error = $"interrupted: the process running it (pid {owner}) stopped before the run finished; epochs recorded so far are kept";
                interrupted.Add(run.Id);
            }
        }
        db.SaveChanges();
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
