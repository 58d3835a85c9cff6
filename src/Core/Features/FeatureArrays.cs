using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>Whole-clip feature arrays in librosa's orientation ([rows][frames]), for one clip or file.</summary>
public sealed record FeatureArrays(int SampleRate, float[,] MelPower, float[,] MelDb, float[,] Mfcc, float[,] Chroma, double ChromaTuning,
    float[] SpectralCentroid, float[] SpectralBandwidth, float[] SpectralRolloff, float[] ZeroCrossingRate, float[] Rms);
