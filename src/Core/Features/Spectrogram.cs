using System.Collections.Concurrent;
using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa 0.10 spectral front end on TorchSharp tensors, batched: centred STFT (zero padding by default, reflect as an
/// option), periodic Hann window, power and magnitude spectrograms, mel power through the float32 filter bank (as
/// librosa.feature.melspectrogram uses; Slaney by default, HTK optional), and power_to_db with ref, amin and the top_db clip
/// taken over each clip's whole array. Callers wrap calls in a dispose scope; inputs are [batch, samples].
/// </summary>
public static class Spectrogram
{
    private static readonly ConcurrentDictionary<(int Sr, int NFft, int NMels, bool Htk), float[]> MelBanks = new();
    private static readonly ConcurrentDictionary<(int Sr, int NFft, int NMels, bool Htk), SparseMelBank> SparseMelBanks = new();

    /// <summary>
    /// |STFT|^2 as [batch, 1 + n_fft/2, frames]. The result is a transposed view of a frame-major [batch, frames, freqs]
    /// tensor: framing, the real FFT and the squares all run on contiguous memory, and the mel product reads it without a
    /// copy. Measured on signal_b (30 s, one thread, busy machine): 108 ms of CPU through torch.stft and the squares of its
    /// strided complex output; about 45 ms this way.
    /// </summary>
    public static Tensor Power(Tensor y, int nFft, int hop, PadMode pad = PadMode.Constant) => PowerFromStft(Stft(y, nFft, hop, pad));

    /// <summary>
    /// The centred STFT frame-major, as complex [batch, frames, 1 + n_fft/2] (the layout the real FFT produces on
    /// contiguous frames). <see cref="PowerFromStft"/> turns it into <see cref="Power"/>'s result; the HPSS keeps the
    /// complex values, so one STFT per clip feeds both.
    /// </summary>
    public static Tensor Stft(Tensor y, int nFft, int hop, PadMode pad = PadMode.Constant)
    {
        if (pad == PadMode.Reflect && y.shape[^1] <= nFft / 2)
            throw new ArgumentException($"reflect padding needs more than n_fft/2 = {nFft / 2} samples, the clip has {y.shape[^1]}");
        var padded = nn.functional.pad(y, [nFft / 2, nFft / 2], pad == PadMode.Reflect ? PaddingModes.Reflect : PaddingModes.Constant, 0);
        using var window = hann_window(nFft, periodic: true, dtype: float32, device: y.device);
        var frames = padded.unfold(1, nFft, hop) * window; // [B, T, n_fft], contiguous
        return fft.rfft(frames, dim: -1);                  // [B, T, F] complex
    }

    /// <summary>|X|^2 as [batch, 1 + n_fft/2, frames] (a transposed view) from a frame-major STFT of <see cref="Stft"/>.</summary>
    public static Tensor PowerFromStft(Tensor spec)
    {
        // re^2 + im^2 from the real and imaginary views, accumulated in place: measured 3x less CPU than summing the
        // last axis of view_as_real(spec).square(), and faster than abs() then square.
        var re = real(spec);
        var power = re * re; // not square(): TorchSharp implements it as pow(2) with an implicit Scalar (see PowerToDb)
        var im = imag(spec);
        using var one = 1.ToScalar(); // explicit, kept alive across the native call (see PowerToDb)
        power.addcmul_(im, im, one);
        return power.transpose(1, 2);
    }

    /// <summary>|STFT| (librosa.stft magnitude, power=1) as [batch, 1 + n_fft/2, frames].</summary>
    public static Tensor Magnitude(Tensor y, int nFft, int hop, PadMode pad = PadMode.Constant) => Power(y, nFft, hop, pad).sqrt();

    /// <summary>Mel power spectrogram [batch, n_mels, frames].</summary>
    public static Tensor MelPower(Tensor y, int sampleRate, int nFft, int hop, int nMels, bool htk = false, PadMode pad = PadMode.Constant) =>
        MelFromPower(Power(y, nFft, hop, pad), sampleRate, nFft, nMels, htk);

    /// <summary>Mel power [batch, n_mels, frames] from a power spectrogram [batch, 1 + n_fft/2, frames].</summary>
    public static Tensor MelFromPower(Tensor power, int sampleRate, int nFft, int nMels, bool htk = false)
    {
        var key = (sampleRate, nFft, nMels, htk);
        var bank = MelBanks.GetOrAdd(key, k => Flatten(MelFilterBank.Create(k.Sr, k.NFft, k.NMels, htk: k.Htk)));
        var (batch, freqs, frames) = (power.shape[0], power.shape[1], power.shape[2]);
        if (power.device_type == DeviceType.CPU && power.dtype == ScalarType.Float32)
        {
            // On the CPU only the filters' non-zero weights are applied (SparseMelBank): the dense GEMM was most of the
            // mel spectrogram's time. Frame-major in and out, as the GEMM path below.
            var sparse = SparseMelBanks.GetOrAdd(key, _ => new SparseMelBank(bank, nMels, 1 + nFft / 2));
            var frameMajor = power.transpose(1, 2).contiguous(); // no copy for Power's result (a transposed view)
            var mel = empty([batch, frames, nMels], dtype: ScalarType.Float32);
            sparse.Apply(TensorCopies.FloatSpan(frameMajor), (int)(batch * frames), TensorCopies.FloatSpan(mel));
            return mel.transpose(1, 2);
        }
        using var filters = tensor(bank, [nMels, 1 + nFft / 2], device: power.device);
        // One 2-D GEMM over all frames of the batch ([B*T, F] x [F, M]) instead of a broadcast batched product.
        var rows = power.transpose(1, 2).reshape(batch * frames, freqs);
        return matmul(rows, filters.t()).reshape(batch, frames, nMels).transpose(1, 2);
    }

    /// <summary>
    /// librosa.power_to_db(S, ref, amin, top_db) per batch item of [batch, rows, frames]: 10 log10(max(S, amin)) minus
    /// 10 log10(max(|ref|, amin)); <paramref name="reference"/> null means librosa's ref=np.max (each clip's own peak).
    /// </summary>
    public static Tensor PowerToDb(Tensor s, double amin = 1e-10, double? topDb = 80.0, double? reference = 1.0)
    {
        if (!(amin > 0)) throw new ArgumentException("amin must be positive");
        if (topDb is < 0) throw new ArgumentException("top_db must be non-negative");
        // Every number that meets a tensor here is an explicit Scalar disposed at the end of the method, never an implicit
        // double -> Scalar temporary: TorchSharp reads a temporary's native handle and passes it on without keeping the
        // object alive, so under parallel feature extraction the finaliser could free it while libtorch still read it
        // ("Expected false to be true ... toDouble", seen in the 8th run of a full `reproduce` on the demo corpus).
        using var aminScalar = amin.ToScalar();
        using var ten = 10.0.ToScalar();
        var db = ten * log10(clamp_min(s, aminScalar));
        if (reference is null)
            db = db - ten * log10(clamp_min(s.abs().amax([1, 2], keepdim: true), aminScalar));
        else if (reference.Value != 1.0)
        {
            using var offset = (10.0 * Math.Log10(Math.Max(Math.Abs(reference.Value), amin))).ToScalar();
            db = db - offset;
        }
        if (topDb is null) return db;
        using var top = topDb.Value.ToScalar();
        var peak = db.amax([1, 2], keepdim: true);
        return maximum(db, peak - top);
    }

    /// <summary>A [rows, cols] matrix as row-major float32, the layout tensors are made from.</summary>
    public static float[] Flatten(double[,] w)
    {
        var flat = new float[w.Length];
        var cols = w.GetLength(1);
        for (var m = 0; m < w.GetLength(0); m++)
            for (var f = 0; f < cols; f++) flat[m * cols + f] = (float)w[m, f];
        return flat;
    }

    /// <summary>Stacks equal-length clips into one [batch, samples] float tensor on the runtime's device.</summary>
    public static Tensor Stack(IReadOnlyList<float[]> clips)
    {
        if (clips.Count == 0) throw new ArgumentException("no clips");
        var n = clips[0].Length;
        var stacked = empty([clips.Count, n], dtype: float32); // written in place: no managed copy of the batch
        var values = TensorCopies.FloatSpan(stacked);
        for (var i = 0; i < clips.Count; i++)
        {
            if (clips[i].Length != n) throw new ArgumentException($"clip {i} has {clips[i].Length} samples, expected {n}: batch clips of one length");
            clips[i].CopyTo(values.Slice(i * n, n));
        }
        return TorchRuntime.Device.type == DeviceType.CPU ? stacked : stacked.to(TorchRuntime.Device);
    }
}
