using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// Turns what scripts and the hub send into a <see cref="RunConfig"/>: a whole config, or a preset name plus overrides, e.g.
/// <c>{ "preset": "mlp-vae-audio", "dataset": "demo", "epochs": 3 }</c>. The preset's config is the base; the request's
/// fields are merged over it (nested objects field by field); a few flat shortcuts name the settings scripts change most.
/// Unknown fields and wrong types are errors naming the field, never silently ignored, and said in words: no message
/// names a .NET type (System.Text.Json's own messages do, e.g. "could not be converted to System.Int32"). A request
/// without a dataset runs on the default one (the configured collection, else the demo corpus).
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

    /// <summary>The config's options, refusing unknown fields and enum values given as numbers (7 is no pooling).</summary>
    private static readonly JsonSerializerOptions Strict = StrictOptions();

    private static JsonSerializerOptions StrictOptions()
    {
        var options = new JsonSerializerOptions(RunConfig.JsonOptions) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        for (var i = 0; i < options.Converters.Count; i++)
            if (options.Converters[i] is JsonStringEnumConverter) options.Converters[i] = new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static (RunConfig? Config, IReadOnlyList<FieldProblem> Problems) Parse(string json, string defaultDataset)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException e) { return (null, [NotJson(e)]); }
        return Parse(node, defaultDataset);
    }

    /// <summary>A body that is not JSON at all, in words: where the reading stopped (line and position), not the parser's types.</summary>
    public static FieldProblem NotJson(JsonException e) =>
        new("", e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? $"the body is not valid JSON (it stops making sense at line {line + 1}, position {position + 1})"
            : "the body is not valid JSON");

    /// <param name="defaultDataset">The dataset of a request that names none: the configured collection, or "demo".</param>
    public static (RunConfig? Config, IReadOnlyList<FieldProblem> Problems) Parse(JsonNode? node, string defaultDataset)
    {
        if (node is not JsonObject request) return (null, [new FieldProblem("", "a run request is a JSON object, e.g. { \"preset\": \"mlp-vae-audio\", \"dataset\": \"demo\", \"epochs\": 3 }")]);
        request = (JsonObject)request.DeepClone();

        if (Key(request, "preset") is { } presetKey && !(request[presetKey] is JsonValue pv && pv.TryGetValue<string>(out _)))
            return (null, [new FieldProblem("preset", $"preset must be a name in quotes, one of: {string.Join(", ", Presets.All)}")]);
        var preset = Get<string>(request, "preset") ?? Presets.MlpVaeAudio;
        if (!Presets.All.Contains(preset))
            return (null, [new FieldProblem("preset", $"unknown preset '{preset}' (known: {string.Join(", ", Presets.All)})")]);
        var dataset = Get<string>(request, "dataset") ?? defaultDataset;
        var seed = 0;
        if (Key(request, "seed") is { } seedKey && (request[seedKey] is not JsonValue sv || !sv.TryGetValue(out seed)))
            return (null, [new FieldProblem("seed", "seed must be a whole number, e.g. 0")]);

        var presetJson = Presets.ByName(preset, dataset, seed).ToJson();
        var merged = JsonNode.Parse(presetJson)!.AsObject();
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

        // A null where the preset has a value would leave the config without that part: say so instead of failing later.
        var nulls = NullsOver(merged, JsonNode.Parse(presetJson)!.AsObject(), "").ToList();
        if (nulls.Count > 0) return (null, nulls.Select(f => new FieldProblem(f, $"{f} cannot be null: leave it out to keep the preset's value")).ToList());

        RunConfig? config;
        try { config = merged.Deserialize<RunConfig>(Strict); }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            problems.Add(new FieldProblem(field, JsonProblemWording.Reason(e, field, Strict, typeof(RunConfig), [.. Shortcuts.Keys, "preset"])));
            return (null, problems);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or FormatException or OverflowException)
        {
            // A value the config's own types refuse while being built (a setting's checks in its constructor).
            problems.Add(new FieldProblem("", JsonProblemWording.Words(e.Message, "a value of the request cannot be used")));
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

    /// <summary>Paths where the request put null over a value the preset has.</summary>
    private static IEnumerable<string> NullsOver(JsonObject merged, JsonObject preset, string prefix)
    {
        foreach (var (key, value) in merged)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is null && preset[key] is not null) yield return path;
            else if (value is JsonObject o && preset[key] is JsonObject p)
                foreach (var inner in NullsOver(o, p, path)) yield return inner;
        }
    }

    private static string? Key(JsonObject o, string name) =>
        o.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static T? Get<T>(JsonObject o, string name)
    {
        var key = Key(o, name);
        return key is not null && o[key] is JsonValue v && v.TryGetValue<T>(out var value) ? value : default;
    }

    /// <summary>"$.vae.epochs" -> "vae.epochs"; "$['odd key']" -> "odd key".</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) ? "" : path.TrimStart('$').TrimStart('.').Replace("['", ".").Replace("']", "").Trim('.');
}
