using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Reports;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Tests.Pipeline;

/// <summary>The verdict per latent row: against the strongest raw baseline of the whole table clustered the same way (any
/// clustering when none is); "beats" needs higher NMI and ARI (and purity for the study's best row).</summary>
public sealed class StudyVerdictTests
{
    private static MetricsRow Row(string method, string input, double ari, double nmi, double purity) =>
        new(method, input, method.EndsWith("GMM") ? "GMM" : "KMeans", 10, 0.1, 2, 10, ari, nmi, purity, 1);

    private static MetricsRow[] Run(string preset, params MetricsRow[] rows) => rows;

    [Fact]
    public void EachLatentRowMeetsTheStrongestBaselineOfTheTableClusteredTheSameWay()
    {
        var runs = new[]
        {
            Run("a", Row("Raw MFCC + KMeans", "MFCC", 0.40, 0.60, 0.6), Row("Raw MFCC+Lyrics + KMeans", "MFCC+Lyrics", 0.45, 0.65, 0.6),
                Row("M + KMeans", "Latent", 0.50, 0.70, 0.7), Row("M + GMM", "Latent", 0.46, 0.66, 0.7)),
            Run("b", Row("Raw MFCC + GMM", "MFCC", 0.50, 0.68, 0.6), Row("C + GMM", "Latent", 0.20, 0.21, 0.3)),
        };
        var table = runs.SelectMany(r => r).ToList();
        var verdicts = StudyReproduction.Verdicts(table).ToDictionary(v => v.Latent);

        Assert.Equal("Raw MFCC+Lyrics + KMeans", verdicts["M + KMeans"].Baseline); // the strongest K-Means raw row
        Assert.True(verdicts["M + KMeans"].BeatsBaseline);
        Assert.True(verdicts["M + KMeans"].BeatsStudyBest);
        // A GMM latent row is held against the GMM raw row (from another run), which it does not beat.
        Assert.Equal("Raw MFCC + GMM", verdicts["M + GMM"].Baseline);
        Assert.False(verdicts["M + GMM"].BeatsBaseline);
        Assert.Equal("Raw MFCC + GMM", verdicts["C + GMM"].Baseline);
        Assert.False(verdicts["C + GMM"].BeatsStudyBest); // NMI 0.21 < 0.23
    }

    [Fact]
    public void AStrongerBaselineFromAnotherRunOrViewSetupIsTheOneToBeat()
    {
        var runs = new[]
        {
            Run("a", Row("Raw MFCC + KMeans", "MFCC", 0.30, 0.55, 0.5), Row("M + KMeans", "Latent", 0.40, 0.62, 0.6)),
            Run("b", Row("Raw MFCC mean+std (2-s views) + KMeans", "MFCC mean+std", 0.36, 0.64, 0.6), Row("T + KMeans", "Latent", 0.48, 0.71, 0.7)),
        };
        var table = runs.SelectMany(r => r).ToList();
        var verdicts = StudyReproduction.Verdicts(table).ToDictionary(v => v.Latent);
        // M beats its own run's baseline but not the strongest of the table.
        Assert.Equal("Raw MFCC mean+std (2-s views) + KMeans", verdicts["M + KMeans"].Baseline);
        Assert.False(verdicts["M + KMeans"].BeatsBaseline);
        Assert.True(verdicts["T + KMeans"].BeatsBaseline);
        Assert.True(verdicts["T + KMeans"].BeatsBaselineClearly); // +0.07 NMI, +0.12 ARI
    }
}
