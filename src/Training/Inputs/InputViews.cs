using MusicDashboard.Core.Features;

namespace MusicDashboard.Training.Inputs;

/// <summary>
/// Everything the features pass and the lyrics stage produced for one run's clips, row-aligned: what an input builds its
/// baselines and its training set from. <paramref name="Mfcc"/> is the study's MFCC input (the mean half when pooling is
/// Mean), <paramref name="MfccMeanStd"/> the whole pooled vector; the hand-crafted sets are present for audio inputs, the
/// images for image inputs, the lyric rows when the run uses lyrics.
/// </summary>
public sealed record InputViews(double[][] Mfcc, double[][] MfccMeanStd, bool MeanOnly, double[][]? MelStats, double[][]? Gtzan57,
    double[][]? Lyrics, bool[]? HasLyrics, LogMelImageTable? Images)
{
    /// <summary>Lyric rows exist and at least one track has lyrics.</summary>
    public bool AnyLyrics => Lyrics is not null && HasLyrics is not null && HasLyrics.Any(h => h);
}
