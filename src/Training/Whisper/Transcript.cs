using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Whisper;

public sealed record Transcript(string Text, string Language, IReadOnlyList<int> Tokens, double NoSpeechProb, double AvgLogProb,
    bool NoVocalsDetected, double AudioSeconds, double Seconds, IReadOnlyList<WindowTranscript> Windows)
{
    public const string NoVocalsText = "no vocals detected";
}
