using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Whisper;

/// <summary>One 30-s window: its full token sequence (prompt, sampled tokens, end-of-text when reached) and scores.</summary>
public sealed record WindowTranscript(double StartSeconds, int[] Tokens, int[] TextTokens, string Text, double AvgLogProb,
    double NoSpeechProb, double Temperature, double CompressionRatio, bool Skipped);
