using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// The hand-crafted 57-value summary of GTZAN work (the columns of Kaggle's GTZAN features_30_sec.csv after filename,
/// length and label), librosa 0.10 defaults: chroma_stft mean and variance over all bins and frames; mean and population
/// variance over frames of RMS (padded as the STFT), spectral centroid, bandwidth, roll-off (0.85) and zero-crossing rate; mean and variance
/// of the harmonic and percussive waveforms of librosa.effects.hpss (<see cref="Hpss"/>); the global tempo of
/// librosa.beat.tempo (<see cref="OnsetStrength"/>, <see cref="TempoEstimator"/>); mean and variance of MFCC 0..19
/// (named mfcc1..mfcc20). One STFT per clip feeds the power, mel, MFCC, chroma, spectral shape, onset envelope and the
/// HPSS; statistics are taken in float64.
/// </summary>
public static class GtzanSummaryFeatures
{
    /// <summary>librosa.feature.mfcc's default coefficient count, fixed by the table's layout.</summary>
    public const int NMfcc = 20;

    private static readonly string[] Leading =
    [
        "chroma_stft_mean", "chroma_stft_var", "rms_mean", "rms_var", "spectral_centroid_mean", "spectral_centroid_var",
        "spectral_bandwidth_mean", "spectral_bandwidth_var", "rolloff_mean", "rolloff_var", "zero_crossing_rate_mean",
        "zero_crossing_rate_var", "harmony_mean", "harmony_var", "perceptr_mean", "perceptr_var", "tempo",
    ];

    /// <summary>The 57 column names, in the table's order.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
        [.. Leading, .. Enumerable.Range(1, NMfcc).SelectMany(k => new[] { $"mfcc{k}_mean", $"mfcc{k}_var" })];

    public static int Length => ColumnNames.Count;

    /// <summary>
    /// The settings the table is computed with: the caller's STFT, mel and dB settings with 20 MFCC (the table's layout).
    /// </summary>
    public static MfccSettings Effective(MfccSettings m) => m with { NMfcc = NMfcc, Pooling = MfccPooling.Mean };

    /// <summary>GTZAN-57 vectors of equal-length clips computed as one batch.</summary>
    public static float[][] Batch(IReadOnlyList<float[]> clips, MfccSettings m, GtzanSummarySettings? g = null)
    {
        using var scope = NewDisposeScope();
        return From(new ClipSpectra(clips), Effective(m), g ?? new GtzanSummarySettings());
    }

    /// <summary>GTZAN-57 vectors from a batch's shared spectra (inside the caller's dispose scope).</summary>
    public static float[][] From(ClipSpectra spectra, MfccSettings m, GtzanSummarySettings g) =>
        Compute(spectra, Effective(m), g, detail: false).Select(d => d.Values).ToArray();

    /// <summary>The vector of one clip (or whole file) with its harmonic and percussive waveforms, onset envelope and tempogram.</summary>
    public static GtzanSummaryDetail Detail(float[] samples, MfccSettings m, GtzanSummarySettings? g = null)
    {
        using var scope = NewDisposeScope();
        return Compute(new ClipSpectra([samples]), Effective(m), g ?? new GtzanSummarySettings(), detail: true)[0];
    }

    private static GtzanSummaryDetail[] Compute(ClipSpectra spectra, MfccSettings m, GtzanSummarySettings g, bool detail)
    {
        m.Validate();
        var clips = spectra.Clips;
        if (clips.Count > 0 && clips[0].Length == 0) throw new ArgumentException("empty clip");
        var y = spectra.Samples;
        var stft = spectra.Stft(m.NFft, m.Hop, m.Pad);
        var power = spectra.Power(m.NFft, m.Hop, m.Pad);
        var melDb = spectra.MelDb(m);
        var mfcc = MfccFeatures.MfccFromMelDb(melDb, m);
        var chroma = Chroma.FromPower(power, m.SampleRate, m.NFft, 12, null, out var tunings);
        var (centroid, bandwidth, rolloff) = SpectralShape.FromPower(power, m.SampleRate, m.NFft, 0.85);
        var frames = (int)power.shape[2];
        var batch = clips.Count;
        var waveform = new double[batch * 2 * frames];
        for (var i = 0; i < batch; i++)
        {
            var rms = SpectralShape.Rms(clips[i], m.NFft, m.Hop, m.Pad);
            var zcr = SpectralShape.ZeroCrossingRate(clips[i], m.NFft, m.Hop);
            for (var t = 0; t < frames; t++)
            {
                waveform[(2 * i) * frames + t] = rms[t];
                waveform[(2 * i + 1) * frames + t] = zcr[t];
            }
        }
        // Rows in the table's order: rms, centroid, bandwidth, roll-off, zcr, then the MFCC.
        var rmsZcr = tensor(waveform, [batch, 2, frames], device: y.device);
        var rows = cat([rmsZcr.narrow(1, 0, 1), centroid, bandwidth, rolloff, rmsZcr.narrow(1, 1, 1), mfcc.to_type(float64)], 1);
        var frameStats = MeanVar(rows, 2);                                                    // [B, rows, 2]
        var chromaStats = MeanVar(chroma.to_type(float64).reshape(batch, 1, -1), 2);         // [B, 1, 2]
        var (harmonic, percussive) = Hpss.Waveforms(stft, m.NFft, m.Hop, clips[0].Length);
        var waveStats = MeanVar(stack([harmonic, percussive], 1).to_type(float64), 2);     // [B, 2, 2]
        var onset = OnsetStrength.FromMelDb(melDb, m.NFft, m.Hop, aggregate: g.TempoOnsetAggregate);
        var tempo = TempoEstimator.Estimate(onset, m.SampleRate, m.Hop);

        var frameValues = frameStats.ToDoubles();
        var chromaValues = chromaStats.ToDoubles();
        var waveValues = waveStats.ToDoubles();
        var rowCount = (int)rows.shape[1];
        float[] Host(Tensor t, int i) => t[i].ToFloats();
        var result = new GtzanSummaryDetail[batch];
        for (var i = 0; i < batch; i++)
        {
            var v = new List<double> { chromaValues[2 * i], chromaValues[2 * i + 1] };
            var frame = frameValues.AsSpan(i * rowCount * 2, rowCount * 2);
            for (var k = 0; k < 10; k++) v.Add(frame[k]); // rms, centroid, bandwidth, roll-off, zcr: mean, var each
            for (var k = 0; k < 4; k++) v.Add(waveValues[i * 4 + k]); // harmony mean, var; perceptr mean, var
            v.Add(tempo[i].Bpm);
            for (var k = 10; k < rowCount * 2; k++) v.Add(frame[k]); // mfcc1..20 mean, var
            var values = v.Select(x => (float)x).ToArray();
            result[i] = detail
                ? new GtzanSummaryDetail(values, Host(harmonic, i), Host(percussive, i), Host(onset, i), tempo[i], tunings[i])
                : new GtzanSummaryDetail(values, [], [], [], tempo[i], tunings[i]);
        }
        return result;
    }

    /// <summary>Mean and population variance along <paramref name="dim"/>, stacked as a last axis of size 2.</summary>
    private static Tensor MeanVar(Tensor x, int dim) => stack([x.mean([dim]), x.var(dim, unbiased: false)], -1);
}
