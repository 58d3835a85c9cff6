using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MusicDashboard.Training.Models;

/// <summary>The Conditional VAE of the study's "Hard" configuration: <see cref="MlpVae"/> with a condition vector in both
/// encoder and decoder. The condition is a modality indicator and/or the lyric vector, never the genre (label leakage).</summary>
public sealed class Cvae(int inputDim, int conditionDim, IReadOnlyList<int> hidden, int latentDim)
    : MlpVae(nameof(Cvae), inputDim, hidden, latentDim, conditionDim >= 1 ? conditionDim : throw new ArgumentException("a CVAE needs a condition of width >= 1"));
