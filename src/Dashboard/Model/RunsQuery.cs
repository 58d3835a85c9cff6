using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>The stored runs as lists: the Runs page, the Overview's counts and latest runs, Compare's choices. Runs are
/// few (one per training), so lists are read whole with their metric rows.</summary>
public sealed class RunsQuery(IDbContextFactory<MusicDbContext> dbFactory)
{
    /// <summary>Every run, newest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> AllAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Runs.AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Include(r => r.Metrics).AsSplitQuery().ToListAsync(ct);
        return runs.Select(RunSummary.From).ToList();
    }

    /// <summary>The <paramref name="count"/> newest runs (by id).</summary>
    public async Task<IReadOnlyList<RunSummary>> LatestAsync(int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Runs.AsNoTracking().OrderByDescending(r => r.Id).Take(count).Include(r => r.Metrics).ToListAsync(ct);
        return runs.Select(RunSummary.From).ToList();
    }

    /// <summary>Runs with clustering results, newest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> ScoredAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Runs.AsNoTracking().Where(r => r.Metrics.Any()).Include(r => r.Metrics).OrderByDescending(r => r.Id).ToListAsync(ct);
        return runs.Select(RunSummary.From).ToList();
    }

    /// <summary>Which of <paramref name="ids"/> are stored runs, ascending.</summary>
    public async Task<IReadOnlyList<int>> ExistingAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var wanted = ids.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => wanted.Contains(r.Id)).Select(r => r.Id).OrderBy(id => id).ToListAsync(ct);
    }

    /// <summary>The name and stored config (JSON) of each of <paramref name="ids"/> that exists: Compare groups runs by config.</summary>
    public async Task<IReadOnlyList<(int Id, string Name, string ConfigJson)>> ConfigsAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var wanted = ids.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Runs.AsNoTracking().Where(r => wanted.Contains(r.Id)).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Name, r.ConfigJson }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Name, r.ConfigJson)).ToList();
    }

    /// <summary>How many runs are in each state (states without runs are absent).</summary>
    public async Task<IReadOnlyDictionary<RunState, int>> CountByStateAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var states = await db.Runs.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return states.ToDictionary(s => s.Key, s => s.Count);
    }

    /// <summary>The metric row with the highest NMI of all runs, with its run; null when no row has an NMI.</summary>
    public async Task<(int RunId, MetricsRow Row)?> BestNmiAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var best = await db.MetricRows.AsNoTracking().Where(m => m.Row.Nmi != null).OrderByDescending(m => m.Row.Nmi).FirstOrDefaultAsync(ct);
        return best is null ? null : (best.RunId, best.Row.WithDefaultUnit());
    }
}
