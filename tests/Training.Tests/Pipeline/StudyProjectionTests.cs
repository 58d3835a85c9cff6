using MusicDashboard.Core.Reports;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Tests.Pipeline;

public sealed class StudyProjectionTests
{
    [Fact]
    public void TrainingScalesWithTracksAndEpochsAndTheOtherStagesWithTracks()
    {
        // Two presets at 3 epochs on 100 tracks, projected to 1000 tracks at their full epochs (50 and 80).
        var mlp = Presets.ByName(Presets.MlpVaeAudio, "demo", 0);
        var conv = Presets.ByName(Presets.ConvVaeMelspec, "demo", 0);
        var runs = new[] { mlp with { Vae = mlp.Vae with { Epochs = 3 } }, conv with { Vae = conv.Vae with { Epochs = 3 } } };
        var stages = new[]
        {
            new StageTiming(mlp.Name, 0, "features", 20), new StageTiming(mlp.Name, 0, "train", 1.5), new StageTiming(mlp.Name, 0, "metrics", 2),
            new StageTiming(mlp.Name, 0, "run total", 99), // the run's total is not a stage of its own
            new StageTiming(conv.Name, 0, "features", 4), new StageTiming(conv.Name, 0, "train", 30),
            new StageTiming(conv.Name, 1, "train", 1000), // another seed's run is not this one's
        };
        var lines = StudyProjection.Project(runs, stages, tracks: 100, targetTracks: 1000);

        Assert.Equal(2, lines.Count);
        Assert.Equal((3, 50, 1.5, 22.0), (lines[0].RanEpochs, lines[0].FullEpochs, lines[0].TrainSeconds, lines[0].OtherSeconds));
        Assert.Equal(1.5 * 10 * 50 / 3 + 22 * 10, lines[0].ProjectedSeconds, 9);
        Assert.Equal(30 * 10 * 80 / 3.0 + 4 * 10, lines[1].ProjectedSeconds, 9);
        Assert.Equal(lines.Sum(l => l.ProjectedSeconds), StudyProjection.PerSeedSeconds(lines), 9);
    }

    [Fact]
    public void PerSeedIsTheMeanOverSeeds()
    {
        var mlp = Presets.ByName(Presets.MlpVaeAudio, "demo", 0);
        var runs = new[] { mlp, mlp with { Seed = 1 } };
        var stages = new[] { new StageTiming(mlp.Name, 0, "train", 10), new StageTiming(mlp.Name, 1, "train", 30) };
        var lines = StudyProjection.Project(runs, stages, tracks: 10, targetTracks: 10);
        Assert.Equal(20, StudyProjection.PerSeedSeconds(lines), 9);
        Assert.Throws<ArgumentException>(() => StudyProjection.Project(runs, stages, tracks: 0, targetTracks: 10));
    }
}
