using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MusicDashboard.Training.Whisper;

/// <summary>Per-window decoder state: the self-attention cache (preallocated, filled up to <see cref="Offset"/>) and the
/// cross-attention keys/values of the window's audio.</summary>
public sealed class DecoderState(int layers) : IDisposable
{
    public Tensor[] SelfK { get; } = new Tensor[layers];
    public Tensor[] SelfV { get; } = new Tensor[layers];
    public Tensor[] CrossK { get; } = new Tensor[layers];
    public Tensor[] CrossV { get; } = new Tensor[layers];
    public int Offset { get; set; }

    public void Dispose()
    {
        foreach (var t in SelfK.Concat(SelfV).Concat(CrossK).Concat(CrossV)) t?.Dispose();
    }
}
