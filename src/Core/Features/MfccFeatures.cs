using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

public enum MfccPooling { Mean, MeanStd }

/// <summary>librosa.feature.mfcc defaults for the study: 22050 Hz, n_fft 2048, hop 512, 128 Slaney mels, 40 coefficients.</summary>
public sealed record MfccSettings(int SampleRate = 22050, int NFft = 2048, int Hop = 512, int NMels = 128, int NMfcc = 40, MfccPooling Pooling = MfccPooling.Mean)
{
    public int PooledLength => Pooling == MfccPooling.MeanStd ? 2 * NMfcc : NMfcc;
}

/// <summary>
/// MFCC = DCT-II (orthonormal) of power_to_db(mel power) along the mel axis, first n_mfcc rows: librosa.feature.mfcc.
/// Per-clip vectors pool the frames (mean, or mean and population standard deviation).
/// </summary>
public static class MfccFeatures
{
    private static readonly ConcurrentDictionary<(int NMfcc, int NMels), float[]> DctMatrices = new();

    /// <summary>MFCC matrix [n_mfcc, frames] of one clip.</summary>
    public static float[,] Compute(float[] samples, MfccSettings s)
    {
        using var scope = NewDisposeScope();
        return ToMatrix(MfccTensor(Spectrogram.Stack([samples]), s)[0]);
    }

    /// <summary>Log-mel (dB) matrix [n_mels, frames] of one clip: the Conv-VAE image (10 s at 22050 Hz -> 128 x 431).</summary>
    public static float[,] MelDb(float[] samples, MfccSettings s)
    {
        using var scope = NewDisposeScope();
        var y = Spectrogram.Stack([samples]);
        return ToMatrix(Spectrogram.PowerToDb(Spectrogram.MelPower(y, s.SampleRate, s.NFft, s.Hop, s.NMels))[0]);
    }

    public static float[] Pooled(float[] samples, MfccSettings s) => PooledBatch([samples], s)[0];

    /// <summary>Pooled vectors of equal-length clips, computed as one batch.</summary>
    public static float[][] PooledBatch(IReadOnlyList<float[]> clips, MfccSettings s)
    {
        using var scope = NewDisposeScope();
        var mfcc = MfccTensor(Spectrogram.Stack(clips), s); // [B, n_mfcc, T]
        var pooled = s.Pooling == MfccPooling.MeanStd
            ? cat([mfcc.mean([2]), mfcc.std([2], unbiased: false)], 1)
            : mfcc.mean([2]);
        var flat = pooled.cpu().data<float>().ToArray();
        var width = s.PooledLength;
        return Enumerable.Range(0, clips.Count).Select(i => flat.AsSpan(i * width, width).ToArray()).ToArray();
    }

    private static Tensor MfccTensor(Tensor y, MfccSettings s)
    {
        if (s.NMfcc < 1 || s.NMfcc > s.NMels) throw new ArgumentException("n_mfcc must be between 1 and n_mels");
        var melDb = Spectrogram.PowerToDb(Spectrogram.MelPower(y, s.SampleRate, s.NFft, s.Hop, s.NMels));
        var dct = DctMatrices.GetOrAdd((s.NMfcc, s.NMels), k => OrthonormalDct(k.NMfcc, k.NMels));
        using var basis = tensor(dct, [s.NMfcc, s.NMels], device: y.device);
        return matmul(basis, melDb);
    }

    /// <summary>Rows k &lt; rows of the orthonormal DCT-II matrix of size n (scipy.fft.dct(type=2, norm='ortho')).</summary>
    public static float[] OrthonormalDct(int rows, int n)
    {
        var m = new float[rows * n];
        for (var k = 0; k < rows; k++)
        {
            var scale = k == 0 ? Math.Sqrt(1.0 / n) : Math.Sqrt(2.0 / n);
            for (var i = 0; i < n; i++) m[k * n + i] = (float)(scale * Math.Cos(Math.PI * k * (2 * i + 1) / (2.0 * n)));
        }
        return m;
    }

    private static float[,] ToMatrix(Tensor t)
    {
        var rows = (int)t.shape[0];
        var cols = (int)t.shape[1];
        var flat = t.cpu().data<float>().ToArray();
        var result = new float[rows, cols];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }
}
