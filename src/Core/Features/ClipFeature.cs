using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Features;

/// <summary>
/// One per-clip feature vector a collection pass can produce (<see cref="CollectionFeatures.ExtractSet"/>): its column
/// names, the parameters that key its feature-cache entries (every setting and the clip policy), the STFT/mel settings it
/// reads, and its computation from a batch's shared <see cref="ClipSpectra"/>. Features of one pass share the sample rate,
/// so each file is decoded once and each spectrogram computed once for all of them.
/// </summary>
public sealed record ClipFeature(string Kind, IReadOnlyList<string> Names, MfccSettings Settings, object Parameters, Func<ClipSpectra, float[][]> Compute)
{
    /// <summary>What it is, in words, for logs: "pooled MFCC".</summary>
    public string Title { get; init; } = Kind;

    /// <summary>Pooled MFCC: the mean of every coefficient over the frames (and their standard deviations with MeanStd).</summary>
    public static ClipFeature Mfcc(MfccSettings settings, ClipPolicy policy)
    {
        var names = Enumerable.Range(0, settings.NMfcc).Select(k => $"mfcc{k}_mean")
            .Concat(settings.Pooling == MfccPooling.MeanStd ? Enumerable.Range(0, settings.NMfcc).Select(k => $"mfcc{k}_std") : []).ToList();
        var kind = settings.Pooling == MfccPooling.MeanStd ? "mfcc-meanstd" : "mfcc-mean";
        return new(kind, names, settings, new { kind, settings, policy }, s => MfccFeatures.PooledFrom(s, settings)) { Title = "pooled MFCC" };
    }

    /// <summary>Log-mel band statistics: mean and std of each band's dB values over time.</summary>
    public static ClipFeature LogMelStats(MfccSettings settings, ClipPolicy policy) =>
        new("logmel-stats", [.. Enumerable.Range(0, settings.NMels).Select(b => $"mel{b}_mean"), .. Enumerable.Range(0, settings.NMels).Select(b => $"mel{b}_std")],
            settings, new { kind = "logmel-stats", settings, policy }, s => MfccFeatures.LogMelStatsFrom(s, settings)) { Title = "log-mel band statistics" };

    /// <summary>The GTZAN-57 hand-crafted set (Kaggle's features_30_sec.csv layout); 20 MFCC whatever <paramref name="settings"/> says.</summary>
    public static ClipFeature Gtzan57(MfccSettings settings, ClipPolicy policy, GtzanSummarySettings? gtzan = null)
    {
        var effective = GtzanSummaryFeatures.Effective(settings);
        gtzan ??= new GtzanSummarySettings();
        return new("gtzan57", GtzanSummaryFeatures.ColumnNames, effective, new { kind = "gtzan57", settings = effective, gtzan, policy },
            s => GtzanSummaryFeatures.From(s, effective, gtzan)) { Title = "GTZAN-57 hand-crafted set (Kaggle's features_30_sec.csv layout)" };
    }

    /// <summary>The summary vector (MFCC mean+std, chroma mean/std, spectral statistics, ZCR, RMS).</summary>
    public static ClipFeature Summary(MfccSettings settings, SummarySettings summary, ClipPolicy policy) =>
        new("summary", SummaryFeatures.ColumnNames(settings, summary), settings, new { kind = "summary", settings, summary, policy },
            s => SummaryFeatures.From(s, settings, summary)) { Title = "summary vector" };
}
