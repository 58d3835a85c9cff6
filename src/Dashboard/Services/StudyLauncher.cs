using System.Text.Json.Nodes;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// "Reproduce the study" from the dashboard: stores a study (as <c>reproduce</c> does) and queues every Table 1 preset (at
/// each seed) through the same <see cref="RunQueue"/> as single runs of it; the study's table is computed when its last run
/// ends (<see cref="StudyRecorder"/>). Names the study page and the Compare view of its runs.
/// </summary>
public static class StudyLauncher
{
    public sealed record Outcome(int? StudyId, IReadOnlyList<int> RunIds, IReadOnlyList<FieldProblem> Problems)
    {
        public string CompareUrl => CompareUrlOf(RunIds);
        public string? StudyUrl => StudyId is { } id ? $"/studies/{id}" : null;
    }

    public static string CompareUrlOf(IEnumerable<int> ids) => "/compare?runs=" + string.Join(",", ids);

    /// <summary>The dataset and every run's config are checked before anything is stored, so a bad request queues nothing.</summary>
    public static async Task<Outcome> QueueAsync(RunQueue queue, StudyPlan plan, string dataset, CancellationToken ct = default)
    {
        var (root, name, datasetProblem) = queue.ResolveDataset(dataset);
        if (datasetProblem is not null) return new Outcome(null, [], [new FieldProblem("dataset", datasetProblem)]);
        var configs = plan.Configs(dataset).ToList();
        var problems = configs.SelectMany(c => c.Problems().Select(p => new FieldProblem(p.Field, $"{c.Preset}, seed {c.Seed}: {p.Message}"))).ToList();
        if (problems.Count > 0) return new Outcome(null, [], problems);
        var studyId = queue.AddStudy(plan, name, root);
        var ids = new List<int>();
        foreach (var config in configs)
        {
            var result = await queue.EnqueueAsync(config, ct, studyId);
            if (!result.Accepted)
                return new Outcome(studyId, ids, result.Problems.Select(p => p with { Message = $"{config.Preset}, seed {config.Seed}: {p.Message}" }).ToList());
            ids.Add(result.RunId!.Value);
        }
        return new Outcome(studyId, ids, []);
    }

    /// <summary>The HTTP body: <c>{ "dataset": "demo", "seeds": [0, 1], "presets": [...], "epochs": 3, "quick": true }</c>, every field optional.</summary>
    public static (StudyPlan? Plan, string? Dataset, IReadOnlyList<FieldProblem> Problems) Parse(JsonNode? body, string defaultDataset)
    {
        var problems = new List<FieldProblem>();
        if (body is not null and not JsonObject) return (null, null, [new FieldProblem("", "the body is a JSON object, e.g. { \"dataset\": \"demo\", \"seeds\": [0, 1, 2] }")]);
        var o = body as JsonObject ?? [];
        foreach (var key in o.Select(p => p.Key))
            if (key is not ("dataset" or "seeds" or "presets" or "epochs" or "quick")) problems.Add(new FieldProblem(key, "unknown field (known: dataset, seeds, presets, epochs, quick)"));
        string dataset = defaultDataset;
        if (o["dataset"] is { } d) { if (d is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s)) dataset = s; else problems.Add(new FieldProblem("dataset", "a folder or 'demo'")); }
        var quick = o["quick"] is JsonValue q && q.TryGetValue(out bool qb) && qb;
        if (o["quick"] is { } qn && !(qn is JsonValue qv && qv.TryGetValue(out bool _))) problems.Add(new FieldProblem("quick", "true or false"));
        var seeds = ReadList<int>(o, "seeds", problems, s => s >= 0, "whole numbers >= 0") ?? [0];
        var presets = ReadList<string>(o, "presets", problems, Presets.All.Contains, $"preset names ({string.Join(", ", Presets.All)})") ?? [.. Presets.All];
        int? epochs = null;
        if (o["epochs"] is { } e)
        {
            if (e is JsonValue ev && ev.TryGetValue(out int n) && n is >= 1 and <= 10000) epochs = n;
            else problems.Add(new FieldProblem("epochs", "an integer between 1 and 10000"));
        }
        return problems.Count > 0 ? (null, null, problems) : (new StudyPlan(presets.Distinct().ToList(), seeds.Distinct().ToList(), quick, epochs), dataset, []);
    }

    private static List<T>? ReadList<T>(JsonObject o, string key, List<FieldProblem> problems, Func<T, bool> valid, string what)
    {
        if (o[key] is not { } node) return null;
        var list = new List<T>();
        if (node is JsonArray a)
            foreach (var item in a)
                if (item is JsonValue v && v.TryGetValue(out T? x) && x is not null && valid(x)) list.Add(x);
                else { problems.Add(new FieldProblem(key, $"a non-empty list of {what}")); return null; }
        if (list.Count == 0) { problems.Add(new FieldProblem(key, $"a non-empty list of {what}")); return null; }
        return list;
    }
}
