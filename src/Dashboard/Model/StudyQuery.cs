using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Reports;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Model;

/// <summary>The stored studies (<c>reproduce</c>'s and the dashboard's "Reproduce the study"): the Studies list, a study's
/// page, its downloads and figures.</summary>
public sealed class StudyQuery(IDbContextFactory<MusicDbContext> dbFactory)
{
    /// <summary>Every study, newest first.</summary>
    public async Task<IReadOnlyList<StudySummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var studies = await db.Studies.AsNoTracking().OrderByDescending(s => s.Id).ToListAsync(ct);
        var counts = await db.Runs.AsNoTracking().Where(r => r.StudyId != null).GroupBy(r => r.StudyId!.Value)
            .Select(g => new { Id = g.Key, Runs = g.Count(), Ended = g.Count(r => r.State != RunState.Queued && r.State != RunState.Running) })
            .ToDictionaryAsync(x => x.Id, ct);
        return studies.Select(s => Summary(s, counts.TryGetValue(s.Id, out var c) ? c.Runs : 0, counts.TryGetValue(s.Id, out var d) ? d.Ended : 0)).ToList();
    }

    /// <summary>The study with its runs and its table (null until its runs have all completed); null when there is none.</summary>
    public async Task<StudyDetail?> GetAsync(int studyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, ct);
        if (study is null) return null;
        var runs = (await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId).OrderBy(r => r.Id).ToListAsync(ct))
            .Select(r => new StudyRunRow(r.Id, r.Name, r.Preset, RunConfigs.TryParse(r.ConfigJson)?.Seed ?? 0, r.State, r.Error, r.StartedAt, r.FinishedAt)).ToList();
        var ended = runs.Count(r => RunStates.IsFinished(r.State));
        return new StudyDetail(Summary(study, runs.Count, ended), study.DatasetRoot, study.Error, study.Quick, study.Epochs, study.OutFolder, runs,
            study.Table2Json is { } json ? Table2Report.FromJson(json) : null);
    }

    /// <summary>The study's Table 2 as stored (what its table2.json holds); null when there is no such study or no table yet.</summary>
    public async Task<Table2?> TableAsync(int studyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.Studies.AsNoTracking().Where(s => s.Id == studyId).Select(s => s.Table2Json).FirstOrDefaultAsync(ct);
        return json is null ? null : Table2Report.FromJson(json);
    }

    /// <summary>The study's run of one preset at one seed (what a study figure is drawn from), or null.</summary>
    public async Task<int?> RunOfAsync(int studyId, string preset, int seed, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId && r.Preset == preset).Select(r => new { r.Id, r.ConfigJson }).ToListAsync(ct);
        return runs.FirstOrDefault(r => RunConfigs.TryParse(r.ConfigJson)?.Seed == seed)?.Id;
    }

    private static StudySummary Summary(StudyEntity s, int runs, int ended) =>
        new(s.Id, s.Name, s.Dataset, s.State, s.CreatedAt, s.FinishedAt, s.Seeds, s.Presets, s.OutFolder is not null, runs, ended);
}
