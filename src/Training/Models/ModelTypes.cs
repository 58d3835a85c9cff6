namespace MusicDashboard.Training.Models;

/// <summary>
/// The registry of models: the one list every consumer (pipeline, run config validation, presets, form, bench) reads.
/// Add a model by writing its class in this folder and listing it here.
/// </summary>
public static class ModelTypes
{
    public static IReadOnlyList<IModelType> All { get; } = [new MlpVaeType(), new ConvVaeType(), new CvaeType()];

    /// <summary>The model with this id (any case: "ConvVae" finds "convVae").</summary>
    public static bool TryGet(string? id, out IModelType model)
    {
        model = All.FirstOrDefault(m => string.Equals(m.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return model is not null;
    }

    public static IModelType Get(string? id) => TryGet(id, out var model)
        ? model
        : throw new ArgumentException($"unknown model '{id}' (available: {Available})", nameof(id));

    /// <summary>"mlpVae, convVae, cvae".</summary>
    public static string Available => string.Join(", ", All.Select(m => m.Id));
}
