using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

/// <summary>
/// A training checkpoint folder: <c>model-NNNNNN.bin</c> (TorchSharp state after epoch N), <c>optimizer-NNNNNN.bin</c>
/// (Adam's moments and step), <c>checkpoint.json</c> (epoch, seed, architecture, settings, the run configuration, the epoch
/// history so far and the names of its two weight files).
/// <para>The state file alone commits a checkpoint: the weight files of the new epoch are written beside the old ones
/// (temporary names, then renamed), then the state file naming them replaces the old one in one rename, and only then are
/// the old weight files deleted. A kill at any instant leaves a state file whose weights are the ones it names. (Renaming
/// three fixed names one after another did not: a kill between the weights' rename and the state's left epoch N's weights
/// under epoch N-k's state, and the resumed run trained from the wrong weights; the kill-and-restart test caught it.)</para>
/// </summary>
public static class Checkpoint
{
    /// <summary>The weight files' names before they carried their epoch (checkpoints of earlier versions still load).</summary>
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
        string ConfigJson, List<EpochReport> History, DateTime SavedAt)
    {
        /// <summary>The model weights' file in the folder (null in checkpoints written before the names carried the epoch).</summary>
        public string? ModelFileName { get; init; }
        public string? OptimizerFileName { get; init; }
        internal string ModelName => ModelFileName ?? ModelFile;
        internal string OptimizerName => OptimizerFileName ?? OptimizerFile;
    }

    public static string ModelFileOf(int epoch) => $"model-{epoch:D6}.bin";
    public static string OptimizerFileOf(int epoch) => $"optimizer-{epoch:D6}.bin";

    public static void Save(string folder, VaeModel model, AdamOptimizer optimizer, VaeSettings settings, int seed, int epoch,
        IReadOnlyList<EpochReport> history, string configJson)
    {
        Directory.CreateDirectory(folder);
        var state = new State(epoch, seed, model.Describe(), model.SampleShape, model.ConditionDim, settings, configJson, history.ToList(), DateTime.UtcNow)
        {
            ModelFileName = ModelFileOf(epoch), OptimizerFileName = OptimizerFileOf(epoch),
        };
        var modelTmp = Path.Combine(folder, state.ModelName + ".tmp");
        var optTmp = Path.Combine(folder, state.OptimizerName + ".tmp");
        var stateTmp = Path.Combine(folder, StateFile + ".tmp");
        model.save(modelTmp);
        optimizer.Save(optTmp);
        File.WriteAllText(stateTmp, JsonSerializer.Serialize(state, Json));
        File.Move(modelTmp, Path.Combine(folder, state.ModelName), overwrite: true);
        File.Move(optTmp, Path.Combine(folder, state.OptimizerName), overwrite: true);
        File.Move(stateTmp, Path.Combine(folder, StateFile), overwrite: true); // the commit
        foreach (var stale in Directory.EnumerateFiles(folder, "*.bin"))
        {
            var name = Path.GetFileName(stale);
            if (name != state.ModelName && name != state.OptimizerName) File.Delete(stale);
        }
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
        foreach (var f in new[] { state.ModelName, state.OptimizerName })
            if (!File.Exists(Path.Combine(folder, f))) throw new ArgumentException($"checkpoint '{folder}' lacks {f}");
        model.load(Path.Combine(folder, state.ModelName));
        optimizer.Load(Path.Combine(folder, state.OptimizerName));
        history.Clear();
        history.AddRange(state.History.Where(h => h.Epoch <= state.Epoch));
        return state.Epoch;
    }

    /// <summary>The settings that change the numbers; epochs and the checkpoint/projection intervals do not.</summary>
    private static string Comparable(VaeSettings s) =>
        JsonSerializer.Serialize(s with { Epochs = 1, CheckpointEvery = 0, ProjectionEvery = 0 }, Json).ReplaceLineEndings(" ");
}
