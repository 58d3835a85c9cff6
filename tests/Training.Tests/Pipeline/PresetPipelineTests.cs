using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Reports;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Tests.Pipeline;

/// <summary>A small demo corpus generated once for every preset's run.</summary>
public sealed class SmallCorpus : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("musicdash-presets-").FullName;
    public string Root => Path.Combine(Dir, "corpus");
    public SmallCorpus() => DemoCorpus.Generate(Root, new DemoCorpusOptions(TracksPerGenre: 2, Seed: 9, TrackSeconds: 20));
    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>Every Table 1 preset through the whole pipeline, with tiny epochs: losses fall, rows are named as in Table 2.</summary>
public sealed class PresetPipelineTests(SmallCorpus corpus) : IClassFixture<SmallCorpus>
{
    private sealed class Recording : IRunObserver
    {
        public List<string> Lines { get; } = [];
        public List<EpochReport> Epochs { get; } = [];
        public List<MetricsRow> Rows { get; } = [];
        public List<ProjectionReport> Projections { get; } = [];
        public void Log(string stage, string message) => Lines.Add($"[{stage}] {message}");
        public void Epoch(EpochReport report) => Epochs.Add(report);
        public void Metrics(MetricsRow row) => Rows.Add(row);
        public void Projection(ProjectionReport report) => Projections.Add(report);
    }

    /// <summary>Each preset with its Table 1 shape but a test-sized schedule (and a narrow Conv-VAE).</summary>
    private static RunConfig Small(string preset)
    {
        var c = Presets.ByName(preset, "demo", 3);
        c = c with
        {
            Vae = c.Vae with { Epochs = 8, BatchSize = 8, LearningRate = c.Model == ModelKind.ConvVae ? 1e-3 : 3e-3, ProjectionEvery = 3, ConvChannels = [4, 8, 8] },
            Lyrics = c.Lyrics with { Dim = 6 },
        };
        // GMM clustering is another stage's work; where this build lacks it, the latent row is clustered with K-Means.
        return c.Clustering.Method == GmmMethod.MethodId ? c with { Clustering = c.Clustering with { Method = KMeansMethod.MethodId } } : c;
    }

    private const string Mfcc = "Raw MFCC + KMeans", MeanStd = "Raw MFCC mean+std + KMeans", Mel = "Raw MelSpec stats + KMeans", G57 = "Raw GTZAN-57 + KMeans";

    // 20 tracks of 20 s: the study's 10-s clips, three per track (60); our vector models' 2-s views every second (19 per track).
    [Theory]
    [InlineData(Presets.MlpVaeAudio, 60, new[] { Mfcc, MeanStd, Mel, G57, "MLP-VAE (Audio) + KMeans" })]
    [InlineData(Presets.MlpVaeLyrics, 60, new[] { Mfcc, MeanStd, Mel, G57, "Raw MFCC+Lyrics + KMeans", "MLP-VAE (Audio+Lyrics) + KMeans" })]
    [InlineData(Presets.ConvVaeMelspec, 60, new[] { Mfcc, MeanStd, Mel, G57, "Conv-VAE + KMeans" })]
    [InlineData(Presets.CvaeFusion, 60, new[] { Mfcc, MeanStd, Mel, G57, "Raw MFCC+Lyrics + KMeans", "CVAE (Fusion) + KMeans" })]
    [InlineData(Presets.MlpVaeAudio + Presets.TrackConsistentSuffix, 380,
        new[] { "Raw MFCC mean+std (2-s views) + KMeans", "Raw MelSpec stats (2-s views) + KMeans", "Raw GTZAN-57 (2-s views) + KMeans", "MLP-VAE (Audio, track-consistent) + KMeans" })]
    [InlineData(Presets.ConvVaeMelspec + Presets.TrackConsistentSuffix, 60, new[] { Mfcc, MeanStd, Mel, G57, "Conv-VAE (track-consistent) + KMeans" })]
    [InlineData(Presets.MlpVaeHandcraftedTc, 380, new[] { "Raw MFCC mean+std (2-s views) + KMeans", "Raw MelSpec stats (2-s views) + KMeans",
        "Raw GTZAN-57 (2-s views) + KMeans", "Raw MFCC mean+std & GTZAN-57 (2-s views) + KMeans", "MLP-VAE (MFCC+GTZAN-57, track-consistent) + KMeans" })]
    public void EveryPresetTrainsWithFallingLossAndScoresItsRows(string preset, int clips, string[] methods)
    {
        var config = Small(preset);
        var observer = new Recording();
        var checkpoints = Path.Combine(corpus.Dir, "ckpt-" + preset);
        var result = RunPipeline.Execute(config, corpus.Root, DemoCorpus.DatasetName, observer, CancellationToken.None, new RunOptions { CheckpointFolder = checkpoints });

        Assert.Equal(methods, result.Rows.Select(r => r.Method));
        Assert.Equal(clips, result.Features.Clips.Count);
        // Every row is scored on the same units: the 20 tracks (the mean of each track's views).
        Assert.All(result.Rows, r => { Assert.Equal("tracks", r.Unit); Assert.Equal(20, r.Units); });
        Assert.Equal(8, result.Epochs.Count);
        Assert.True(result.Epochs[^1].Loss < result.Epochs[0].Loss, $"{preset}: loss {result.Epochs[0].Loss} -> {result.Epochs[^1].Loss}");
        // The same-track term is reported per epoch exactly when it is on.
        Assert.All(result.Epochs, e => Assert.Equal(config.Vae.TrackConsistency > 0, e.TrackConsistency is > 0));
        Assert.All(result.Rows, r => Assert.InRange(r.Nmi!.Value, 0, 1));
        Assert.Equal(clips, result.LatentMeans!.Length);
        Assert.All(result.LatentMeans, m => Assert.Equal(config.Vae.LatentDim, m.Length));
        Assert.Equal(8, Checkpoint.Read(checkpoints).Epoch);
        Assert.Equal(config.ToJson(), Checkpoint.Read(checkpoints).ConfigJson);

        // Live projections of the latent means during training (epochs 3 and 6), then one final per row.
        var live = observer.Projections.Where(p => !p.Final).ToList();
        Assert.Equal([3, 6], live.Select(p => p.Epoch));
        Assert.All(live, p => { Assert.Equal(methods[^1], p.Method); Assert.Equal("PCA", p.Technique); Assert.Null(p.Clusters); Assert.Equal(clips, p.Points.Length); });
        Assert.Equal(methods, observer.Projections.Where(p => p.Final).Select(p => p.Method));
        if (config.UsesLyrics)
        {
            Assert.NotNull(result.Lyrics);
            Assert.InRange(result.Lyrics!.WithLyrics, 1, result.Lyrics.HasLyrics.Length - 1); // vocal and instrumental genres
        }
    }

    [Fact]
    public void PerTrackAggregationScoresOneRowPerTrackAndGivesEveryClipItsTracksResult()
    {
        var config = Small(Presets.MlpVaeAudio) with { Aggregation = LatentAggregation.TrackMean, Vae = Small(Presets.MlpVaeAudio).Vae with { Epochs = 2 } };
        var result = RunPipeline.Execute(config, corpus.Root, DemoCorpus.DatasetName, new Recording(), CancellationToken.None);
        Assert.Equal(20, result.Units!.Count);
        Assert.All(result.Units.ViewsPerUnit, v => Assert.Equal(3, v));
        Assert.All(result.Rows, r => Assert.Equal("tracks", r.Unit));
        // Per clip, the same data scores 60 units.
        var perClip = RunPipeline.Execute(config with { Aggregation = LatentAggregation.Clip }, corpus.Root, DemoCorpus.DatasetName, new Recording(), CancellationToken.None);
        Assert.All(perClip.Rows, r => { Assert.Equal("clips", r.Unit); Assert.Equal(60, r.Units); });
        foreach (var track in result.Features.Clips.Select((c, i) => (c, i)).GroupBy(p => p.c.TrackIndex))
        {
            var first = result.LatentMeans![track.First().i];
            Assert.All(track, p => Assert.Equal(first, result.LatentMeans[p.i]));
            Assert.All(result.Assignments, a => Assert.All(track, p => Assert.Equal(a.Clusters[track.First().i], a.Clusters[p.i])));
        }
    }

    [Fact]
    public void TrackConsistentPresetsAreTheStudyPresetsWithTheSameTrackTermOnly()
    {
        Assert.Equal(Presets.Names.Select(n => n + "-tc"), Presets.TrackConsistent);
        Assert.Equal([.. Presets.Names, .. Presets.TrackConsistent, Presets.MlpVaeHandcraftedTc], Presets.All);
        var rich = Presets.ByName(Presets.MlpVaeHandcraftedTc, "demo", 4);
        Assert.Equal(InputKind.MfccHandcrafted, rich.Input);
        Assert.Equal(Presets.SegmentViews, rich.Clips);
        Assert.Equal(MfccPooling.MeanStd, rich.Mfcc.Pooling);
        Assert.Equal(Presets.TrackConsistentWeight, rich.Vae.TrackConsistency);
        Assert.Equal((32, 100, 32), (rich.Vae.LatentDim, rich.Vae.Epochs, rich.Vae.BatchSize));
        Assert.Equal("MLP-VAE (MFCC+GTZAN-57, track-consistent)", rich.Name);
        Assert.Empty(rich.Validate());
        Assert.Contains((rich with { Mfcc = rich.Mfcc with { Pooling = MfccPooling.Mean } }).Validate(), p => p.StartsWith("mfcc.pooling"));
        foreach (var name in Presets.Names)
        {
            var study = Presets.ByName(name, "demo", 4);
            var ours = Presets.ByName(name + Presets.TrackConsistentSuffix, "demo", 4);
            Assert.Equal(0, study.Vae.TrackConsistency);
            Assert.Equal(study.Model == ModelKind.ConvVae ? Presets.TrackConsistentImageWeight : Presets.TrackConsistentWeight, ours.Vae.TrackConsistency);
            // The vector models also read MFCC mean+std of 2-s views; the image model keeps the study's clips.
            var expected = study with { Name = ours.Name, Preset = ours.Preset, Vae = study.Vae with { TrackConsistency = ours.Vae.TrackConsistency } };
            if (study.Model != ModelKind.ConvVae)
                expected = expected with { Clips = Presets.SegmentViews, Mfcc = study.Mfcc with { Pooling = MfccPooling.MeanStd } };
            Assert.Equal(expected, ours, new JsonEquality());
            Assert.Equal(LatentAggregation.TrackMean, ours.Aggregation);
            Assert.Equal(LatentAggregation.TrackMean, study.Aggregation);
            Assert.Contains("track-consistent", ours.Name);
            Assert.Equal(ours.Name, RunPipeline.ModelLabel(ours));
        }
        Assert.Throws<ArgumentException>(() => Presets.ByName("nonsense-tc", "demo", 0));
    }

    /// <summary>Records hold arrays: compare configurations by their JSON.</summary>
    private sealed class JsonEquality : IEqualityComparer<RunConfig>
    {
        public bool Equals(RunConfig? a, RunConfig? b) => a?.ToJson() == b?.ToJson();
        public int GetHashCode(RunConfig c) => c.ToJson().GetHashCode();
    }
}
