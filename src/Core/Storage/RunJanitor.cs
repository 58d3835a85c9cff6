using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Core.Storage;

/// <summary>Finds runs that were left running or queued by a process that is gone, and marks them interrupted with a reason.</summary>
public static class RunJanitor
{
    public static int MarkInterrupted(DbContextOptions<MusicDbContext> options)
    {
        using var db = new MusicDbContext(options);
        var open = db.Runs.Where(r => r.State == RunState.Running || r.State == RunState.Queued).ToList();
        var orphans = open.Where(r => r.OwnerProcessId is null || !IsAlive(r.OwnerProcessId.Value)).ToList();
        foreach (var run in orphans)
        {
            run.State = RunState.Interrupted;
            run.FinishedAt ??= DateTime.UtcNow;
            run.Error = $"interrupted: the process running it (pid {run.OwnerProcessId?.ToString() ?? "unknown"}) stopped before the run finished; epochs recorded so far are kept";
        }
        db.SaveChanges();
        return orphans.Count;
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
