using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Whisper;

/// <summary>Decoding settings; the defaults are openai-whisper's transcribe() defaults without timestamps.</summary>
public sealed record TranscribeOptions
{
    /// <summary>Language code ("en", "de", ...); null = detect from the first window (multilingual models).</summary>
    public string? Language { get; init; } = "en";
    /// <summary>Most tokens sampled per window (whisper's sample_len, n_text_ctx / 2 = 224 by default).</summary>
    public int MaxTokens { get; init; } = 224;
    /// <summary>Temperatures tried in order until a window's decode passes the thresholds (0 = greedy).</summary>
    public IReadOnlyList<double> Temperatures { get; init; } = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
    public double CompressionRatioThreshold { get; init; } = 2.4;
    public double LogProbThreshold { get; init; } = -1.0;
    public double NoSpeechThreshold { get; init; } = 0.6;
    /// <summary>Prompt each window with the previous window's text (whisper's condition_on_previous_text).</summary>
    public bool ConditionOnPreviousText { get; init; } = true;
    /// <summary>Seed of the sampler used at temperatures above 0.</summary>
    public int Seed { get; init; }
}
