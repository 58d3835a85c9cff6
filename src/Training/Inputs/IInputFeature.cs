using MusicDashboard.Core.Registries;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Inputs;

/// <summary>
/// What a model reads of each clip, as the rest of the project sees it. One sealed class per input in this folder, listed
/// once in <see cref="InputFeatures"/>: run configs, validation, the form, the features pass (what to extract), the raw
/// baseline rows and the model's training set all come from it.
/// </summary>
public interface IInputFeature : IRegistryEntry
{
    /// <summary>Name in menus ("MFCC + lyrics (fusion)").</summary>
    string Title { get; }
    /// <summary>What a model's row says it read: "MLP-VAE (Audio+Lyrics)".</summary>
    string Tag { get; }
    /// <summary>An image (for models that <see cref="IModelType.ReadsImages"/>) rather than a vector.</summary>
    bool IsImage { get; }
    /// <summary>Whether it reads the lyric vectors.</summary>
    bool UsesLyrics { get; }
    /// <summary>Whether it describes audio: the features pass then computes the hand-crafted baseline sets (log-mel
    /// statistics, GTZAN-57) of the same clips.</summary>
    bool ReadsAudio { get; }
    /// <summary>Problems of a configuration that are this input's to name (field, message).</summary>
    IEnumerable<(string Field, string Message)> Problems(RunConfig config) => [];
    /// <summary>The honest raw-feature rows of this input, in Table 2's order (the pipeline clusters and scores each).</summary>
    IEnumerable<BaselineRow> Baselines(InputViews views);
    /// <summary>The model's training rows and a description for the log.</summary>
    (TrainingSet Data, string Description) ModelInput(InputViews views, RunConfig config);
}
