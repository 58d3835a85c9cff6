using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>The stored runs as lists: the Runs page and <c>GET /api/runs</c> (filtered, sorted, paged), the Overview's
/// counts and latest runs, Compare's choices. Runs are few (one per training), so lists are read whole with their metric
/// rows.</summary>
public sealed class RunsQuery(IDbContextFactory<MusicDbContext> dbFactory)
{
    /// <summary>The runs the request's filters keep, sorted by its column (runs without a value for it last, whichever the
    /// direction; then newest first) and paged. Filters run in the database; the sort in memory, since the metric columns
    /// come from each run's rows.</summary>
    public async Task<RunList> ListAsync(RunListRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Runs.AsNoTracking();
        if (request.States.Count > 0)
        {
            var states = request.States.ToList();
            query = query.Where(r => states.Contains(r.State));
        }
        if (request.Preset is { } preset) query = query.Where(r => r.Preset == preset);
        if (request.Dataset is { } dataset) query = query.Where(r => r.Dataset == dataset);
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            var pattern = Like.Contains(request.Text);
            query = query.Where(Like.For<RunEntity>(db, r => Like.Matches(r.Name, pattern)));
        }
        var runs = (await query.Include(r => r.Metrics).AsSplitQuery().ToListAsync(ct)).Select(RunSummary.From).ToList();
        var sorted = Sort(runs, request, DateTime.UtcNow);
        var page = sorted.Skip(request.Offset);
        if (request.Limit is { } limit) page = page.Take(limit);
        return new RunList(page.ToList(), runs.Count);
    }

    private static IEnumerable<RunSummary> Sort(IReadOnlyList<RunSummary> runs, RunListRequest request, DateTime now)
    {
        Func<RunSummary, IComparable?> key = request.Sort switch
        {
            "id" => r => r.Id,
            "name" => r => r.Name.ToLowerInvariant(),
            "preset" => r => r.Preset,
            "dataset" => r => r.Dataset,
            "state" => r => r.State.ToString(),
            "duration" => r => r.Duration(now),
            "nmi" or "ari" or "silhouette" => r => r.Metric(request.Sort, request.Metrics),
            _ => r => r.CreatedAt,
        };
        var withValue = runs.Where(r => key(r) is not null);
        var ordered = request.Descending
            ? withValue.OrderByDescending(key, Comparer<IComparable?>.Default).ThenByDescending(r => r.Id)
            : withValue.OrderBy(key, Comparer<IComparable?>.Default).ThenBy(r => r.Id);
        return ordered.Concat(runs.Where(r => key(r) is null).OrderByDescending(r => r.Id));
    }

    /// <summary>The presets and datasets of the stored runs, sorted.</summary>
    public async Task<RunFacets> FacetsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var presets = await db.Runs.AsNoTracking().Select(r => r.Preset).Distinct().ToListAsync(ct);
        var datasets = await db.Runs.AsNoTracking().Select(r => r.Dataset).Distinct().ToListAsync(ct);
        return new RunFacets(presets.Order(StringComparer.Ordinal).ToList(), datasets.Order(StringComparer.Ordinal).ToList());
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
