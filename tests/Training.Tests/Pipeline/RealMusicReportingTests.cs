using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Features;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Tests.Pipeline;

/// <summary>
/// What the report says about the data it had: a collection of 2-3 s excerpts loses no file and every track gets several
/// views; a collection without lyrics has no "Raw MFCC+Lyrics" row and says the lyric model heard audio only; a feature
/// table with one row per track says the same-track term had nothing to pull together; tables are scored per track.
/// </summary>
public sealed class RealMusicReportingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-real-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Lines : IRunObserver
    {
        public List<string> All { get; } = [];
        public void Log(string stage, string message) => All.Add($"[{stage}] {message}");
    }

    private static RunConfig Small(string preset, string dataset) => Presets.ByName(preset, dataset, 2) with
    {
        Vae = Presets.ByName(preset, dataset, 2).Vae with { Epochs = 2, BatchSize = 16 },
        Lyrics = new Core.Lyrics.TextVectorSettings { Dim = 4 },
    };

    [Theory]
    [InlineData(Presets.MlpVaeAudio, 3)]       // 10-s views of a 2.5-s excerpt: three loops of it
    [InlineData(Presets.MlpVaeAudio + "-tc", 4)] // 2-s views: at least four
    public void ACollectionOfShortExcerptsLosesNoFile(string preset, int views)
    {
        var root = Path.Combine(_dir, "excerpts");
        DemoCorpus.Generate(root, new DemoCorpusOptions(TracksPerGenre: 2, Seed: 3, TrackSeconds: 2.5));
        var result = RunPipeline.Execute(Small(preset, "demo"), root, "excerpts", new Lines(), CancellationToken.None);

        Assert.Empty(result.Features.Skipped);
        Assert.Equal(result.Scan.Files.Count, result.Features.TracksUsed);
        Assert.All(result.Units!.ViewsPerUnit, v => Assert.Equal(views, v));
        Assert.All(result.Rows, r => { Assert.Equal("tracks", r.Unit); Assert.Equal(20, r.Units); });
    }

    [Fact]
    public void WithoutLyricsTheLyricRowsSaySoInsteadOfPosingAsFusion()
    {
        var root = Path.Combine(_dir, "instrumental");
        DemoCorpus.Generate(root, new DemoCorpusOptions(TracksPerGenre: 2, Seed: 4, TrackSeconds: 12));
        foreach (var sidecar in Directory.GetFiles(root, "*.txt", SearchOption.AllDirectories)) File.Delete(sidecar);
        var log = new Lines();

        var result = RunPipeline.Execute(Small(Presets.MlpVaeLyrics, "demo"), root, "instrumental", log, CancellationToken.None);

        Assert.DoesNotContain(result.Rows, r => r.Method.Contains("Lyrics +"));
        Assert.Contains(log.All, l => l.Contains("no track has lyrics: the Raw MFCC+Lyrics row is left out"));
        var latent = result.Rows[^1];
        Assert.Equal("MLP-VAE (Audio+Lyrics) + KMeans", latent.Method);
        Assert.Contains("no track has lyrics", latent.Note);
    }

    [Fact]
    public void AFeatureTableWithOneRowPerTrackReportsTheSameTrackTermInactive()
    {
        var csv = Path.Combine(_dir, "table.csv");
        var rng = new Random(5);
        var lines = new List<string> { "filename,length,f1,f2,f3,label" };
        for (var g = 0; g < 10; g++)
            for (var t = 0; t < 3; t++)
                lines.Add(FormattableString.Invariant($"g{g}.{t:00000}.wav,661794,{10 * g + rng.NextDouble():0.000},{5 * g + rng.NextDouble():0.000},{-10 * g + rng.NextDouble():0.000},g{g}"));
        File.WriteAllLines(csv, lines);
        var log = new Lines();

        var result = RunPipeline.Execute(Small(Presets.MlpVaeAudio + "-tc", csv), csv, "table", log, CancellationToken.None);

        Assert.Equal(["Raw table features + KMeans", "MLP-VAE (Audio, track-consistent) + KMeans"], result.Rows.Select(r => r.Method));
        Assert.All(result.Rows, r => { Assert.Equal("tracks", r.Unit); Assert.Equal(30, r.Units); });
        Assert.Contains("same-track term inactive", result.Rows[^1].Note);
        Assert.Contains(log.All, l => l.Contains("the same-track term is inactive"));
        // Separable genres in the table's own columns: the raw row finds them.
        Assert.True(result.Rows[0].Nmi > 0.9, $"raw NMI {result.Rows[0].Nmi}");
        // A table has no audio: the image model is refused with the reason.
        var e = Assert.Throws<Core.Datasets.DatasetException>(() =>
            RunPipeline.Execute(Small(Presets.ConvVaeMelspec, csv), csv, "table", log, CancellationToken.None));
        Assert.Contains("feature table", e.Message);
    }

    [Fact]
    public void ScoringUnitsAverageViewsPerTrackAndExpandResultsBackToClips()
    {
        var track = new Core.Datasets.TrackFile("/x", "x", "g", null, 0);
        var clips = new[] { 0, 0, 1, 2, 2, 2 }.Select((t, i) => new ClipInfo(t, track, i, 0)).ToList();
        var units = ScoringUnits.For(clips, LatentAggregation.TrackMean);
        Assert.Equal(3, units.Count);
        Assert.Equal([2, 1, 3], units.ViewsPerUnit);
        var reduced = units.Reduce([[1.0], [3.0], [5.0], [0.0], [3.0], [6.0]]);
        Assert.Equal([[2.0], [5.0], [3.0]], reduced);
        Assert.Equal([7, 8, 9], units.Labels([7, 7, 8, 9, 9, 9]));
        Assert.Equal(["a", "a", "b", "c", "c", "c"], units.Expand(["a", "b", "c"]));
        var perClip = ScoringUnits.For(clips, LatentAggregation.Clip);
        Assert.Equal(6, perClip.Count);
        Assert.Equal("clips", perClip.Name);
    }
}
