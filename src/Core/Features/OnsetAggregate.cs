using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>How onset_strength combines the mel bands: librosa's default mean, or the median of its beat-tracking example
/// (onset_strength(y, sr, aggregate=np.median)), which is what Kaggle's GTZAN table used for its tempo column.</summary>
public enum OnsetAggregate { Mean, Median }
