using MusicDashboard.Core.Clustering;

namespace MusicDashboard.Training.Inputs;

/// <summary>What the inputs share: the hand-crafted baseline rows of every audio input, the audio+lyrics row, and the
/// standardised training rows of a vector input.</summary>
public static class InputRows
{
    /// <summary>The rows every audio run gets, whatever its model reads: pooled MFCC (mean, when the input is the mean),
    /// MFCC mean+std, the log-mel band statistics and the GTZAN-57 hand-crafted set.</summary>
    public static IEnumerable<BaselineRow> Audio(InputViews v)
    {
        if (v.MeanOnly) yield return new("Raw MFCC", "MFCC", v.Mfcc);
        yield return new("Raw MFCC mean+std", "MFCC mean+std", v.MfccMeanStd);
        yield return new("Raw MelSpec stats", "MelSpec band mean+std", v.MelStats!);
        yield return new("Raw GTZAN-57", "hand-crafted 57", v.Gtzan57!);
    }

    /// <summary>The audio vector beside the lyric vector, when the run has lyric rows and some track has lyrics.</summary>
    public static IEnumerable<BaselineRow> WithLyrics(InputViews v, double[][] audio)
    {
        if (v.AnyLyrics) yield return new("Raw MFCC+Lyrics", "MFCC+Lyrics (LSA)", Concat(audio, v.Lyrics!));
    }

    /// <summary>Standardised per column (the MSE's unit-variance assumption), as float rows to train on.</summary>
    public static Models.TrainingSet Standardised(double[][] x) =>
        Models.TrainingSet.FromRows(StandardScaler.Fit(x).Transform(x).Select(r => r.Select(v => (float)v).ToArray()).ToArray());

    public static double[][] Concat(double[][] a, double[][] b) => a.Select((r, i) => r.Concat(b[i]).ToArray()).ToArray();
}
