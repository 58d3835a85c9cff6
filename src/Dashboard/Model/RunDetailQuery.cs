using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Reports;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Dashboard.Model;

/// <summary>One stored run in detail: its config, its clips' assignments, its Table 2 (the run page, the exports, the
/// New run form's "duplicate").</summary>
public sealed class RunDetailQuery(IDbContextFactory<MusicDbContext> dbFactory)
{
    public async Task<bool> ExistsAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AnyAsync(r => r.Id == runId, ct);
    }

    /// <summary>The run's config exactly as stored (JSON); null when there is no such run.</summary>
    public async Task<string?> ConfigJsonAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.ConfigJson).FirstOrDefaultAsync(ct);
    }

    /// <summary>The run's name and its config as stored (JSON); null when there is no such run.</summary>
    public async Task<(string Name, string ConfigJson)?> NameAndConfigAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.Name, r.ConfigJson }).FirstOrDefaultAsync(ct);
        return run is null ? null : (run.Name, run.ConfigJson);
    }

    /// <summary>The run's epochs so far, in order, as the trainer reported them.</summary>
    public async Task<IReadOnlyList<EpochReport>> EpochsAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Epochs.AsNoTracking().Where(e => e.RunId == runId).OrderBy(e => e.Epoch).ToListAsync(ct);
        return rows.Select(e => new EpochReport(e.Epoch, rows.Count, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.Seconds, e.ValidationLoss)).ToList();
    }

    /// <summary>The run's stored log in order (the last <paramref name="last"/> lines when given): what its console or live
    /// page showed, capped per run (<see cref="Training.Pipeline.RunRecorder.MaxLogLines"/>).</summary>
    public async Task<IReadOnlyList<LogLineEvent>> LogAsync(int runId, CancellationToken ct = default, int? last = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lines = db.RunLogs.AsNoTracking().Where(l => l.RunId == runId);
        if (last is { } n) lines = lines.OrderByDescending(l => l.Seq).Take(n);
        var rows = await lines.Select(l => new { l.Seq, l.At, l.Stage, l.Text }).ToListAsync(ct);
        return rows.OrderBy(l => l.Seq).Select(l => new LogLineEvent(DateTime.SpecifyKind(l.At, DateTimeKind.Utc), l.Stage, l.Text) { RunId = runId }).ToList();
    }

    /// <summary>The study the run is part of, or null.</summary>
    public async Task<int?> StudyIdAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.StudyId).FirstOrDefaultAsync(ct);
    }

    /// <summary>The run's assignments in stored (clip) order: every method's, or one method's.</summary>
    public async Task<IReadOnlyList<StoredAssignment>> AssignmentsAsync(int runId, CancellationToken ct = default, string? method = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from a in db.Assignments.AsNoTracking()
                      join t in db.Tracks.AsNoTracking() on a.TrackId equals t.Id
                      where a.RunId == runId && (method == null || a.Method == method)
                      orderby a.Id
                      select new StoredAssignment(a.Method, a.TrackId, t.RelativePath, t.Genre, a.ClipIndex, a.OffsetSeconds, a.Cluster, a.X, a.Y))
            .ToListAsync(ct);
    }

    /// <summary>The run's Table 2 as the report writes it (rows in stored order); null when there is no such run.</summary>
    public async Task<Table2?> Table2Async(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.AsNoTracking().Include(r => r.Metrics).FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null) return null;
        var skipped = RunFacts.ParseSkipped(run.SkippedFilesJson).Files.Select(f => $"{f.Path}: {f.Reason}").ToList();
        var seconds = run.StartedAt is { } s && run.FinishedAt is { } f ? (f - s).TotalSeconds : 0;
        return new Table2(run.Dataset, run.DatasetRoot, run.TracksUsed, run.Clips, skipped,
            $"run #{run.Id} {run.Name} ({run.Preset}), state {RunStates.Name(run.State)}", seconds, RunSummary.Rows(run.Metrics));
    }
}
