using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

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
        return SummaryFeatures.Matrix(MfccFromMelDb(s.MelDb(Spectrogram.Stack([samples])), s)[0]);
    }

    /// <summary>Log-mel (dB) matrix [n_mels, frames] of one clip: the Conv-VAE image (10 s at 22050 Hz -> 128 x 431).</summary>
    public static float[,] MelDb(float[] samples, MfccSettings s)
    {
        using var scope = NewDisposeScope();
        return SummaryFeatures.Matrix(s.MelDb(Spectrogram.Stack([samples]))[0]);
    }

    public static float[] Pooled(float[] samples, MfccSettings s) => PooledBatch([samples], s)[0];

    /// <summary>Pooled vectors of equal-length clips, computed as one batch.</summary>
    public static float[][] PooledBatch(IReadOnlyList<float[]> clips, MfccSettings s)
    {
        using var scope = NewDisposeScope();
        return PooledFrom(new ClipSpectra(clips), s);
    }

    /// <summary>Pooled vectors from a batch's shared spectra (inside the caller's dispose scope).</summary>
    public static float[][] PooledFrom(ClipSpectra spectra, MfccSettings s) => Pool(MfccFromMelDb(spectra.MelDb(s), s), s);

    /// <summary>Time-pooled log-mel statistics of equal-length clips: the mean of every mel band's dB values over the
    /// frames, then their population standard deviations (2 x n_mels values per clip). The honest raw baseline of the
    /// log-mel input: it keeps the spectral envelope and its variability, which pixel PCA of whole images does not.</summary>
    public static float[][] LogMelStatsBatch(IReadOnlyList<float[]> clips, MfccSettings s)
    {
        using var scope = NewDisposeScope();
        return LogMelStatsFrom(new ClipSpectra(clips), s);
    }

    /// <summary>Log-mel statistics from a batch's shared spectra (inside the caller's dispose scope).</summary>
    public static float[][] LogMelStatsFrom(ClipSpectra spectra, MfccSettings s)
    {
        var db = spectra.MelDb(s);
        var pooled = cat([db.mean([2]), db.std([2], unbiased: false)], 1);
        var flat = pooled.ToFloats();
        var width = 2 * s.NMels;
        return Enumerable.Range(0, spectra.Count).Select(i => flat.AsSpan(i * width, width).ToArray()).ToArray();
    }

    /// <summary>Mean (and population std) over frames of [B, n_mfcc, T], one vector per clip.</summary>
    private static float[][] Pool(Tensor mfcc, MfccSettings s)
    {
        var pooled = s.Pooling == MfccPooling.MeanStd
            ? cat([mfcc.mean([2]), mfcc.std([2], unbiased: false)], 1)
            : mfcc.mean([2]);
        var flat = pooled.ToFloats();
        var width = s.PooledLength;
        var count = (int)mfcc.shape[0];
        return Enumerable.Range(0, count).Select(i => flat.AsSpan(i * width, width).ToArray()).ToArray();
    }

    /// <summary>DCT-II (ortho) along the mel axis of [batch, n_mels, frames], first n_mfcc rows.</summary>
    public static Tensor MfccFromMelDb(Tensor melDb, MfccSettings s)
    {
        s.Validate();
        var dct = DctMatrices.GetOrAdd((s.NMfcc, s.NMels), k => OrthonormalDct(k.NMfcc, k.NMels));
        using var basis = tensor(dct, [s.NMfcc, s.NMels], device: melDb.device);
        return matmul(basis, melDb);
    }

    /// <summary>
    /// The Conv-VAE's input: log-mel images of equal-length clips as one flat float array with its shape [N, 1, n_mels,
    /// frames] (10 s at 22050 Hz: [N, 1, 128, 431]). Computed four clips at a time straight into the result, so the only
    /// large allocation is the result itself (N x 220 KB at the study's settings).
    /// </summary>
    public static (float[] Data, int[] Shape) LogMelImages(IReadOnlyList<float[]> clips, MfccSettings s, CancellationToken ct = default)
    {
        var (data, shape, _) = Images(clips, s, pooled: false, ct);
        return (data, shape);
    }

    /// <summary>The log-mel images and the pooled MFCC vectors of the same clips from one mel spectrogram per clip.</summary>
    public static (float[][] Pooled, float[] Data, int[] Shape) PooledAndImages(IReadOnlyList<float[]> clips, MfccSettings s, CancellationToken ct = default)
    {
        var (data, shape, pooled) = Images(clips, s, pooled: true, ct);
        return (pooled!, data, shape);
    }

    private static (float[] Data, int[] Shape, float[][]? Pooled) Images(IReadOnlyList<float[]> clips, MfccSettings s, bool pooled, CancellationToken ct)
    {
        if (clips.Count == 0) throw new ArgumentException("no clips");
        s.Validate();
        var frames = SpectralShape.FrameCount(clips[0].Length, s.NFft, s.Hop);
        var imageSize = s.NMels * frames;
        var data = new float[(long)clips.Count * imageSize];
        var vectors = pooled ? new float[clips.Count][] : null;
        const int batch = 4;
        for (var start = 0; start < clips.Count; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var count = Math.Min(batch, clips.Count - start);
            var spectra = new ClipSpectra(Enumerable.Range(start, count).Select(i => clips[i]).ToList());
            spectra.MelDb(s).contiguous().cpu().data<float>().CopyTo(data, start * imageSize);
            if (vectors is not null) Array.Copy(PooledFrom(spectra, s), 0, vectors, start, count);
        }
        return (data, [clips.Count, 1, s.NMels, frames], vectors);
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
}
