namespace MusicDashboard.Training.Inputs;

/// <summary>
/// The registry of model inputs: the one list every consumer (pipeline, run config validation, form) reads. Add an input
/// by writing its class in this folder and listing it here.
/// </summary>
public static class InputFeatures
{
    public static IReadOnlyList<IInputFeature> All { get; } =
        [new MfccInput(), new LogMelInput(), new LyricsInput(), new MfccLyricsInput(), new MfccHandcraftedInput()];

    /// <summary>The input with this id (any case: "LogMel" finds "logMel").</summary>
    public static bool TryGet(string? id, out IInputFeature input)
    {
        input = All.FirstOrDefault(i => string.Equals(i.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return input is not null;
    }

    public static IInputFeature Get(string? id) => TryGet(id, out var input)
        ? input
        : throw new ArgumentException($"unknown input '{id}' (available: {Available})", nameof(id));

    /// <summary>"mfcc, logMel, lyrics, mfccLyrics, mfccHandcrafted".</summary>
    public static string Available => string.Join(", ", All.Select(i => i.Id));
}
