using MusicDashboard.Core.Registries;
using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Models;

/// <summary>
/// A model as the rest of the project sees it. One sealed class per model in this folder, listed once in
/// <see cref="ModelTypes"/>: run configs, validation, presets, the form, the bench and the Table 2 row names all read it
/// from there, so adding a model is its network, one class here and a line in the registry.
/// </summary>
public interface IModelType : IRegistryEntry
{
    /// <summary>Short name in row names and messages ("Conv-VAE").</summary>
    string Name { get; }
    /// <summary>Name in menus ("Conditional VAE (CVAE)").</summary>
    string Title { get; }
    /// <summary>Whether it reads images (an <see cref="IInputFeature.IsImage"/> input) rather than vectors.</summary>
    bool ReadsImages { get; }
    /// <summary>Whether it needs the lyric vectors whatever its input reads (the CVAE's condition).</summary>
    bool UsesLyrics { get; }
    /// <summary>The settings it reads besides the common VAE schedule, in the order forms show them.</summary>
    IReadOnlyList<ModelParameter> Parameters { get; }
    /// <summary>The study's Table 2 name of its row for this input (without the clustering suffix): "MLP-VAE (Audio+Lyrics)".</summary>
    string RowLabel(RunConfig config, IInputFeature input);
    /// <summary>Problems of a configuration that are this model's to name (field, message).</summary>
    IEnumerable<(string Field, string Message)> Problems(RunConfig config, IInputFeature input);
    /// <summary>The training set with what the model needs besides the input (the CVAE's condition); the input as it is by default.</summary>
    TrainingSet Prepare(RunConfig config, TrainingSet data, InputViews views) => data;
    /// <summary>A fresh model for <paramref name="data"/> (called under the trainer's seeded generator lock).</summary>
    VaeModel Build(RunConfig config, TrainingSet data);
}
