using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

public sealed record VaeOutput(Tensor Reconstruction, Tensor Mu, Tensor LogVar);
