using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>How the centred STFT pads the signal's ends: zeros (librosa 0.10's default, pad_mode='constant') or a mirror
/// image without repeating the edge sample (pad_mode='reflect', librosa 0.9 and earlier).</summary>
public enum PadMode { Constant, Reflect }
