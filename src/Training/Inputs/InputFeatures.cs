using MusicDashboard.Core.Registries;

namespace MusicDashboard.Training.Inputs;

/// <summary>
/// The registry of model inputs: the one list every consumer (pipeline, run config validation, form) reads. Add an input
/// by writing its class in this folder and listing it here.
/// </summary>
public static class InputFeatures
{
    private static readonly Registry<IInputFeature> Entries = new("input", [new MfccInput(), new LogMelInput(), new LyricsInput(), new MfccLyricsInput(), new MfccHandcraftedInput()]);

    public static IReadOnlyList<IInputFeature> All => Entries.All;

    /// <summary>The input with this id (any case: "LogMel" finds "logMel").</summary>
    public static bool TryGet(string? id, out IInputFeature input) => Entries.TryGet(id, out input);

    public static IInputFeature Get(string? id) => Entries.Get(id);

    /// <summary>"mfcc, logMel, lyrics, mfccLyrics, mfccHandcrafted".</summary>
    public static string Available => Entries.Available;
}
