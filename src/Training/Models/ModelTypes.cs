using MusicDashboard.Core.Registries;

namespace MusicDashboard.Training.Models;

/// <summary>
/// The registry of models: the one list every consumer (pipeline, run config validation, presets, form, bench) reads.
/// Add a model by writing its class in this folder and listing it here.
/// </summary>
public static class ModelTypes
{
    private static readonly Registry<IModelType> Entries = new("model", [new MlpVaeType(), new ConvVaeType(), new CvaeType()]);

    public static IReadOnlyList<IModelType> All => Entries.All;

    /// <summary>The model with this id (any case: "ConvVae" finds "convVae").</summary>
    public static bool TryGet(string? id, out IModelType model) => Entries.TryGet(id, out model);

    public static IModelType Get(string? id) => Entries.Get(id);

    /// <summary>"mlpVae, convVae, cvae".</summary>
    public static string Available => Entries.Available;
}
