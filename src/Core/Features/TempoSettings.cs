using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>librosa.beat.tempo's settings (librosa 0.10 feature.rhythm.tempo defaults).</summary>
public sealed record TempoSettings(double StartBpm = 120.0, double StdBpm = 1.0, double AcSize = 8.0, double MaxTempo = 320.0)
{
    public void Validate()
    {
        if (!(StartBpm > 0)) throw new ArgumentException($"start_bpm must be positive, got {StartBpm}");
        if (!(StdBpm > 0)) throw new ArgumentException($"std_bpm must be positive, got {StdBpm}");
        if (!(AcSize > 0)) throw new ArgumentException($"ac_size must be positive, got {AcSize}");
        if (!(MaxTempo > 0)) throw new ArgumentException($"max_tempo must be positive, got {MaxTempo}");
    }
}
