using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// Compared runs drawn and tabulated together: one run, or, grouped by configuration, every selected run whose config is
/// the same except its seed and name (repeats over seeds), shown as mean ± standard deviation.
/// </summary>
public sealed record RunGroup(string Label, IReadOnlyList<int> RunIds, IReadOnlyList<int> Seeds)
{
    public bool IsGroup => RunIds.Count > 1;

    /// <summary>One group per run, or runs grouped by their config without seed and name (a config that no longer
    /// parses stays on its own), in order of the runs' ids.</summary>
    public static IReadOnlyList<RunGroup> Form(IEnumerable<(int Id, string Name, string ConfigJson)> runs, bool byConfig)
    {
        var ordered = runs.OrderBy(r => r.Id).Select(r => (r.Id, r.Name, Config: RunConfigs.TryParse(r.ConfigJson))).ToList();
        var keyed = ordered.Select(r => (Run: r, Key: byConfig && r.Config is { } c ? (c with { Seed = 0, Name = "" }).ToJson() : $"#{r.Id}"));
        return keyed.GroupBy(k => k.Key).Select(g =>
        {
            var members = g.Select(k => k.Run).ToList();
            var ids = members.Select(m => m.Id).ToList();
            var seeds = members.Select(m => m.Config?.Seed ?? 0).ToList();
            var label = members.Count == 1 ? $"#{ids[0]} {members[0].Name}"
                : $"{CommonName(members.Select(m => m.Name))}{string.Join(", ", ids.Select(i => $"#{i}"))} ({members.Count} seeds)";
            return new RunGroup(label, ids, seeds);
        }).ToList();
    }

    private static string CommonName(IEnumerable<string> names)
    {
        var distinct = names.Distinct().ToList();
        return distinct.Count == 1 && distinct[0].Length > 0 ? distinct[0] + " " : "";
    }
}
