using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

public enum MfccPooling { Mean, MeanStd }
