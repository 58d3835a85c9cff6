using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

/// <summary>
/// A training checkpoint folder: <c>model.bin</c> (TorchSharp state), <c>optimizer.bin</c> (Adam's moments and step),
/// <c>checkpoint.json</c> (epoch, seed, architecture, settings, the run configuration and the epoch history so far).
/// Written to temporary names and renamed, so a crash mid-write leaves the previous checkpoint intact.
/// </summary>
public static class Checkpoint
{
    public const string ModelFile = "model.bin";
    public const string OptimizerFile = "optimizer.bin";
    public const string StateFile = "checkpoint.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public sealed record State(int Epoch, int Seed, string Model, long[] SampleShape, int ConditionDim, VaeSettings Settings,
        string ConfigJson, List<EpochReport> History, DateTime SavedAt);

    public static void Save(string folder, VaeModel model, AdamOptimizer optimizer, VaeSettings settings, int seed, int epoch,
        IReadOnlyList<EpochReport> history, string configJson)
    {
        Directory.CreateDirectory(folder);
        var state = new State(epoch, seed, model.Describe(), model.SampleShape, model.ConditionDim, settings, configJson, history.ToList(), DateTime.UtcNow);
        var modelTmp = Path.Combine(folder, ModelFile + ".tmp");
        var optTmp = Path.Combine(folder, OptimizerFile + ".tmp");
        var stateTmp = Path.Combine(folder, StateFile + ".tmp");
        model.save(modelTmp);
        optimizer.Save(optTmp);
        File.WriteAllText(stateTmp, JsonSerializer.Serialize(state, Json));
        File.Move(modelTmp, Path.Combine(folder, ModelFile), overwrite: true);
        File.Move(optTmp, Path.Combine(folder, OptimizerFile), overwrite: true);
        File.Move(stateTmp, Path.Combine(folder, StateFile), overwrite: true);
    }

    public static State Read(string folder)
    {
        var path = Path.Combine(folder, StateFile);
        if (!File.Exists(path)) throw new ArgumentException($"no checkpoint in '{folder}' ({StateFile} missing)");
        try
        {
            return JsonSerializer.Deserialize<State>(File.ReadAllText(path), Json) ?? throw new ArgumentException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path} is not a checkpoint: {e.Message}");
        }
    }

    /// <summary>Loads weights, optimizer state and history into a freshly built model; returns the epoch it was saved after.
    /// Refuses a checkpoint of another architecture, seed or training settings (the epoch count may differ).</summary>
    public static int Load(string folder, VaeModel model, AdamOptimizer optimizer, VaeSettings settings, int seed, List<EpochReport> history)
    {
        var state = Read(folder);
        if (state.Model != model.Describe())
            throw new ArgumentException($"checkpoint '{folder}' holds {state.Model}, this run builds {model.Describe()}");
        if (state.Seed != seed)
            throw new ArgumentException($"checkpoint '{folder}' was trained with seed {state.Seed}, this run has seed {seed}");
        if (Comparable(state.Settings) != Comparable(settings))
            throw new ArgumentException($"checkpoint '{folder}' was trained with other settings: {Comparable(state.Settings)} vs {Comparable(settings)}");
        if (state.Epoch > settings.Epochs)
            throw new ArgumentException($"checkpoint '{folder}' is at epoch {state.Epoch}, beyond this run's {settings.Epochs} epochs");
        foreach (var f in new[] { ModelFile, OptimizerFile })
            if (!File.Exists(Path.Combine(folder, f))) throw new ArgumentException($"checkpoint '{folder}' lacks {f}");
        model.load(Path.Combine(folder, ModelFile));
        optimizer.Load(Path.Combine(folder, OptimizerFile));
        history.Clear();
        history.AddRange(state.History.Where(h => h.Epoch <= state.Epoch));
        return state.Epoch;
    }

    /// <summary>The settings that change the numbers; epochs and the checkpoint/projection intervals do not.</summary>
    private static string Comparable(VaeSettings s) =>
        JsonSerializer.Serialize(s with { Epochs = 1, CheckpointEvery = 0, ProjectionEvery = 0 }, Json).ReplaceLineEndings(" ");
}
