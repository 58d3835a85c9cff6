using MusicDashboard.Training.Inputs;

namespace MusicDashboard.Training.Pipeline;

/// <summary>Ids of the built-in inputs (<see cref="InputFeatures"/>), for code that names one; a new input needs no line here.</summary>
public static class InputKind
{
    public const string Mfcc = MfccInput.InputId;
    public const string LogMel = LogMelInput.InputId;
    public const string Lyrics = LyricsInput.InputId;
    public const string MfccLyrics = MfccLyricsInput.InputId;
    public const string MfccHandcrafted = MfccHandcraftedInput.InputId;
}
