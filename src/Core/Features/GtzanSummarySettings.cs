using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// Choices of the GTZAN-57 table beyond the STFT/mel settings. Defaults: librosa.beat.tempo(y, sr) as documented (onset
/// envelope = mean over mel bands). Kaggle's features_30_sec.csv was made with the median (librosa's beat-tracking
/// example) and with librosa &lt;= 0.9's reflect-padded STFT: <see cref="Kaggle"/> with MfccSettings.Pad = Reflect
/// reproduces it (see docs/features.md).
/// </summary>
public sealed record GtzanSummarySettings(OnsetAggregate TempoOnsetAggregate = OnsetAggregate.Mean)
{
    public static GtzanSummarySettings Kaggle { get; } = new(OnsetAggregate.Median);
}
