using MusicDashboard.Core.Reports;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// The wall time a study would take on a larger collection at its presets' full epochs, projected from the stage times a
/// (shorter, smaller) study measured on this machine: training scales with the tracks (clips per track are fixed by the
/// preset's views) and with the epochs; every other stage (features, baselines, clustering, scoring) with the tracks
/// alone, which is exact for the feature extraction and an upper bound-ish approximation for the rest.
/// </summary>
public static class StudyProjection
{
    /// <summary>One run's projection: measured seconds, the epochs it ran and the preset's full epochs.</summary>
    public sealed record Line(string Preset, int Seed, int RanEpochs, int FullEpochs, double TrainSeconds, double OtherSeconds, double ProjectedSeconds);

    /// <summary>Projects every run of the study (its configs and the stages measured per run name and seed).</summary>
    public static IReadOnlyList<Line> Project(IReadOnlyList<RunConfig> runs, IReadOnlyList<StageTiming> stages, int tracks, int targetTracks)
    {
        if (tracks <= 0) throw new ArgumentException($"the study used {tracks} tracks: nothing to project from", nameof(tracks));
        var scale = (double)targetTracks / tracks;
        return runs.Select(c =>
        {
            var mine = stages.Where(s => s.Run == c.Name && s.Seed == c.Seed && s.Stage != "run total").ToList();
            var train = mine.Where(s => s.Stage == "train").Sum(s => s.Seconds);
            var other = mine.Where(s => s.Stage != "train").Sum(s => s.Seconds);
            var full = Presets.ByName(c.Preset, c.Dataset, c.Seed).Vae.Epochs;
            var ran = Math.Max(1, c.Vae.Epochs);
            return new Line(c.Preset, c.Seed, ran, full, train, other, train * scale * full / ran + other * scale);
        }).ToList();
    }

    /// <summary>The projected wall time of one seed of the whole study: the mean over the seeds of their runs' sums.</summary>
    public static double PerSeedSeconds(IReadOnlyList<Line> lines) =>
        lines.Count == 0 ? 0 : lines.GroupBy(l => l.Seed).Average(g => g.Sum(l => l.ProjectedSeconds));
}
