using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>The GTZAN-57 values of one clip with the intermediate arrays the tests compare (waveforms, onset envelope).</summary>
public sealed record GtzanSummaryDetail(float[] Values, float[] Harmonic, float[] Percussive, float[] OnsetEnvelope, TempoEstimate Tempo,
    double ChromaTuning);
