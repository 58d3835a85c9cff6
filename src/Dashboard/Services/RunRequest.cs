using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// Turns what scripts and the hub send into a <see cref="RunConfig"/>: a whole config, or a preset name plus overrides, e.g.
/// <c>{ "preset": "mlp-vae-audio", "dataset": "demo", "epochs": 3 }</c>. The preset's config is the base; the request's
/// fields are merged over it (nested objects field by field); a few flat shortcuts name the settings scripts change most.
/// Unknown fields and wrong types are errors naming the field, never silently ignored.
/// </summary>
public static class RunRequest
{
    /// <summary>Flat shortcut -> path in the config.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Shortcuts = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["epochs"] = ["vae", "epochs"],
        ["latentDim"] = ["vae", "latentDim"],
        ["batchSize"] = ["vae", "batchSize"],
        ["learningRate"] = ["vae", "learningRate"],
        ["beta"] = ["vae", "beta"],
        ["klWarmupEpochs"] = ["vae", "klWarmupEpochs"],
        ["k"] = ["clustering", "k"],
    };

    private static readonly JsonSerializerOptions Strict = new(RunConfig.JsonOptions) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static (RunConfig? Config, IReadOnlyList<FieldProblem> Problems) Parse(string json)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException e) { return (null, [new FieldProblem("", $"not valid JSON: {e.Message}")]); }
        return Parse(node);
    }

    public static (RunConfig? Config, IReadOnlyList<FieldProblem> Problems) Parse(JsonNode? node)
    {
        if (node is not JsonObject request) return (null, [new FieldProblem("", "a run request is a JSON object, e.g. { \"preset\": \"mlp-vae-audio\", \"dataset\": \"demo\", \"epochs\": 3 }")]);
        request = (JsonObject)request.DeepClone();

        var preset = Get<string>(request, "preset") ?? Presets.MlpVaeAudio;
        if (!Presets.All.Contains(preset))
            return (null, [new FieldProblem("preset", $"unknown preset '{preset}' (known: {string.Join(", ", Presets.All)})")]);
        var dataset = Get<string>(request, "dataset") ?? "demo";
        var seed = 0;
        if (request["seed"] is JsonValue sv && !sv.TryGetValue(out seed))
            return (null, [new FieldProblem("seed", "seed must be an integer")]);

        var merged = JsonNode.Parse(Presets.ByName(preset, dataset, seed).ToJson())!.AsObject();
        var problems = new List<FieldProblem>();
        foreach (var (key, value) in request.ToList())
        {
            if (Shortcuts.TryGetValue(key, out var path))
            {
                var parent = merged;
                foreach (var part in path[..^1]) parent = parent[part] as JsonObject ?? (JsonObject)(parent[part] = new JsonObject());
                parent[path[^1]] = value?.DeepClone();
                continue;
            }
            Merge(merged, key, value);
        }

        RunConfig? config;
        try { config = merged.Deserialize<RunConfig>(Strict); }
        catch (JsonException e)
        {
            problems.Add(new FieldProblem(FieldOf(e.Path), Reason(e)));
            return (null, problems);
        }
        if (config is null) return (null, [new FieldProblem("", "empty run request")]);
        problems.AddRange(config.Problems().Select(p => new FieldProblem(p.Field, p.Message)));
        return problems.Count > 0 ? (config, problems) : (config, []);
    }

    /// <summary>Validation problems grouped by field, the shape of ASP.NET Core's validation problem details.</summary>
    public static Dictionary<string, string[]> ByField(IEnumerable<FieldProblem> problems) =>
        problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());

    public static string Describe(IEnumerable<FieldProblem> problems) =>
        string.Join("; ", problems.Select(p => string.IsNullOrEmpty(p.Field) ? p.Message : $"{p.Field}: {p.Message}"));

    private static void Merge(JsonObject target, string key, JsonNode? value)
    {
        // Match the config's own (camelCase) name whatever case the request used.
        var existing = target.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ?? key;
        if (value is JsonObject obj && target[existing] is JsonObject into)
        {
            foreach (var (k, v) in obj.ToList()) Merge(into, k, v);
            return;
        }
        target[existing] = value?.DeepClone();
    }

    private static T? Get<T>(JsonObject o, string name)
    {
        var key = o.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return key is not null && o[key] is JsonValue v && v.TryGetValue<T>(out var value) ? value : default;
    }

    /// <summary>"$.vae.epochs" -> "vae.epochs".</summary>
    private static string FieldOf(string? path) => string.IsNullOrEmpty(path) ? "" : path.TrimStart('$').TrimStart('.');

    private static string Reason(JsonException e)
    {
        var message = e.Message;
        // System.Text.Json appends "Path: ... | LineNumber: ..." to its messages; the field is reported separately.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
