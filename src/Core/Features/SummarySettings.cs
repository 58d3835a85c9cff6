using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// Settings of the richer per-clip "summary" vector beyond the MFCC settings: chroma bins, a fixed chroma tuning (null =
/// estimated per clip, librosa's default) and the roll-off share.
/// </summary>
public sealed record SummarySettings(int NChroma = 12, double? Tuning = null, double RollPercent = 0.85);
