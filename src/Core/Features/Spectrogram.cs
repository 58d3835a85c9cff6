using System.Collections.Concurrent;
using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa 0.10 spectral front end on TorchSharp tensors, batched: centred STFT with zero padding (librosa 0.10's default
/// pad_mode='constant'), periodic Hann window, power spectrogram, mel power through the float32 Slaney filter bank (as
/// librosa.feature.melspectrogram uses), and power_to_db with the top_db clip taken over each clip's whole array.
/// Callers wrap calls in a dispose scope; inputs are [batch, samples].
/// </summary>
public static class Spectrogram
{
    private static readonly ConcurrentDictionary<(int Sr, int NFft, int NMels), float[]> MelBanks = new();

    /// <summary>|STFT|^2 as [batch, 1 + n_fft/2, frames].</summary>
    public static Tensor Power(Tensor y, int nFft, int hop)
    {
        var padded = nn.functional.pad(y, [nFft / 2, nFft / 2], PaddingModes.Constant, 0);
        using var window = hann_window(nFft, periodic: true, dtype: float32, device: y.device);
        var spec = stft(padded, nFft, hop_length: hop, win_length: nFft, window: window, center: false, return_complex: true);
        // re^2 + im^2 on the real view: several times faster than abs() of the complex tensor, then squaring.
        return view_as_real(spec).square().sum(-1);
    }

    /// <summary>Mel power spectrogram [batch, n_mels, frames].</summary>
    public static Tensor MelPower(Tensor y, int sampleRate, int nFft, int hop, int nMels)
    {
        var power = Power(y, nFft, hop);
        var bank = MelBanks.GetOrAdd((sampleRate, nFft, nMels), k =>
        {
            var w = MelFilterBank.Create(k.Sr, k.NFft, k.NMels);
            var flat = new float[w.Length];
            var cols = w.GetLength(1);
            for (var m = 0; m < w.GetLength(0); m++)
                for (var f = 0; f < cols; f++) flat[m * cols + f] = (float)w[m, f];
            return flat;
        });
        using var filters = tensor(bank, [nMels, 1 + nFft / 2], device: y.device);
        // One 2-D GEMM over all frames of the batch ([B*T, F] x [F, M]) instead of a broadcast batched product.
        var (batch, freqs, frames) = (power.shape[0], power.shape[1], power.shape[2]);
        var rows = power.transpose(1, 2).reshape(batch * frames, freqs);
        return matmul(rows, filters.t()).reshape(batch, frames, nMels).transpose(1, 2);
    }

    /// <summary>librosa.power_to_db(S, ref=1, amin, top_db) per batch item.</summary>
    public static Tensor PowerToDb(Tensor s, double amin = 1e-10, double? topDb = 80.0)
    {
        var db = 10.0 * log10(clamp_min(s, amin));
        if (topDb is null) return db;
        var peak = db.amax([1, 2], keepdim: true);
        return maximum(db, peak - topDb.Value);
    }

    /// <summary>Stacks equal-length clips into one [batch, samples] float tensor on the runtime's device.</summary>
    public static Tensor Stack(IReadOnlyList<float[]> clips)
    {
        if (clips.Count == 0) throw new ArgumentException("no clips");
        var n = clips[0].Length;
        var flat = new float[clips.Count * n];
        for (var i = 0; i < clips.Count; i++)
        {
            if (clips[i].Length != n) throw new ArgumentException($"clip {i} has {clips[i].Length} samples, expected {n}: batch clips of one length");
            clips[i].CopyTo(flat, i * n);
        }
        return tensor(flat, [clips.Count, n], device: TorchRuntime.Device);
    }
}
