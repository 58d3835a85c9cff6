using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// The summary vector of a clip: MFCC mean and std, chroma mean and std, and mean and std of the spectral centroid,
/// bandwidth, roll-off, zero-crossing rate and RMS (population std over frames, as numpy's default). One STFT per clip
/// feeds the mel, MFCC, chroma and spectral-shape features.
/// </summary>
public static class SummaryFeatures
{
    private static readonly string[] Scalars = ["spectral_centroid", "spectral_bandwidth", "spectral_rolloff", "zcr", "rms"];

    public static int Length(MfccSettings m, SummarySettings s) => 2 * m.NMfcc + 2 * s.NChroma + 2 * Scalars.Length;

    /// <summary>Column names, in the vector's order.</summary>
    public static IReadOnlyList<string> ColumnNames(MfccSettings m, SummarySettings s) =>
    [
        .. Enumerable.Range(0, m.NMfcc).Select(k => $"mfcc{k}_mean"),
        .. Enumerable.Range(0, m.NMfcc).Select(k => $"mfcc{k}_std"),
        .. Enumerable.Range(0, s.NChroma).Select(k => $"chroma{k}_mean"),
        .. Enumerable.Range(0, s.NChroma).Select(k => $"chroma{k}_std"),
        .. Scalars.SelectMany(n => new[] { $"{n}_mean", $"{n}_std" }),
    ];

    /// <summary>Summary vectors of equal-length clips computed as one batch.</summary>
    public static float[][] Batch(IReadOnlyList<float[]> clips, MfccSettings m, SummarySettings s)
    {
        using var scope = NewDisposeScope();
        return From(new ClipSpectra(clips), m, s);
    }

    /// <summary>Summary vectors from a batch's shared spectra (inside the caller's dispose scope): the STFT and the mel
    /// spectrogram are the ones the other features of the batch read.</summary>
    public static float[][] From(ClipSpectra spectra, MfccSettings m, SummarySettings s)
    {
        m.Validate();
        var clips = spectra.Clips;
        var y = spectra.Samples;
        var power = spectra.Power(m.NFft, m.Hop, m.Pad);
        var mfcc = MfccFeatures.MfccFromMelDb(spectra.MelDb(m), m);
        var chroma = Chroma.FromPower(power, m.SampleRate, m.NFft, s.NChroma, s.Tuning, out _);
        var (centroid, bandwidth, rolloff) = SpectralShape.FromPower(power, m.SampleRate, m.NFft, s.RollPercent);
        var frames = (int)power.shape[2];
        var spectral = cat([centroid, bandwidth, rolloff], 1).to_type(float32); // [B, 3, T]
        var waveform = new float[clips.Count * 2 * frames];
        for (var i = 0; i < clips.Count; i++)
        {
            SpectralShape.ZeroCrossingRate(clips[i], m.NFft, m.Hop).CopyTo(waveform, (2 * i) * frames);
            SpectralShape.Rms(clips[i], m.NFft, m.Hop).CopyTo(waveform, (2 * i + 1) * frames);
        }
        var frameFeatures = cat([mfcc, chroma, spectral, tensor(waveform, [clips.Count, 2, frames], device: y.device)], 1);
        var pooled = stack([frameFeatures.mean([2]), frameFeatures.std([2], unbiased: false)], 2); // [B, rows, 2]
        var values = pooled.ToFloats();
        var rows = (int)frameFeatures.shape[1];
        // Reorder [row][mean, std] into the documented layout: all MFCC means, all MFCC stds, chroma means, chroma stds, scalar pairs.
        var result = new float[clips.Count][];
        for (var i = 0; i < clips.Count; i++)
        {
            var v = new float[Length(m, s)];
            var o = 0;
            void Block(int first, int count)
            {
                for (var r = first; r < first + count; r++) v[o++] = values[(i * rows + r) * 2];
                for (var r = first; r < first + count; r++) v[o++] = values[(i * rows + r) * 2 + 1];
            }
            Block(0, m.NMfcc);
            Block(m.NMfcc, s.NChroma);
            for (var r = m.NMfcc + s.NChroma; r < rows; r++)
            {
                v[o++] = values[(i * rows + r) * 2];
                v[o++] = values[(i * rows + r) * 2 + 1];
            }
            result[i] = v;
        }
        return result;
    }

    /// <summary>Every feature array of one clip (or a whole file), librosa's orientation.</summary>
    public static FeatureArrays Arrays(float[] samples, MfccSettings m, SummarySettings s)
    {
        m.Validate();
        using var scope = NewDisposeScope();
        var y = Spectrogram.Stack([samples]);
        var power = Spectrogram.Power(y, m.NFft, m.Hop, m.Pad);
        var melPower = Spectrogram.MelFromPower(power, m.SampleRate, m.NFft, m.NMels, m.Htk);
        var melDb = Spectrogram.PowerToDb(melPower, m.Amin, m.TopDb, m.DbReference);
        var mfcc = MfccFeatures.MfccFromMelDb(melDb, m);
        var chroma = Chroma.FromPower(power, m.SampleRate, m.NFft, s.NChroma, s.Tuning, out var tunings);
        var (centroid, bandwidth, rolloff) = SpectralShape.FromPower(power, m.SampleRate, m.NFft, s.RollPercent);
        return new FeatureArrays(m.SampleRate, Matrix(melPower[0]), Matrix(melDb[0]), Matrix(mfcc[0]), Matrix(chroma[0]), tunings[0],
            Row(centroid), Row(bandwidth), Row(rolloff),
            SpectralShape.ZeroCrossingRate(samples, m.NFft, m.Hop), SpectralShape.Rms(samples, m.NFft, m.Hop));
    }

    private static float[] Row(Tensor t) => t.ToFloats();

    public static float[,] Matrix(Tensor t)
    {
        var rows = (int)t.shape[0];
        var cols = (int)t.shape[1];
        var flat = t.ToFloats();
        var result = new float[rows, cols];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }
}
