using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>One clip's global tempo, with the tempogram it was read from.</summary>
public sealed record TempoEstimate(double Bpm, int Lag, double[] MeanTempogram);
