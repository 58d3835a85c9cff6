using System.Collections.Concurrent;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Features;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Tests.Pipeline;

/// <summary>A run decodes each file once: its MFCC, baseline sets and images come from one pass over the collection.</summary>
public sealed class DataFlowTests(SmallCorpus corpus) : IClassFixture<SmallCorpus>
{
    /// <summary>Counts decodes per file, decoding as the product does.</summary>
    private sealed class CountingDecoder
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();
        public AudioBuffer Decode(string path, byte[]? bytes, int sampleRate)
        {
            Calls.AddOrUpdate(path, 1, (_, n) => n + 1);
            return AudioLoader.Read(path, bytes, sampleRate);
        }
    }

    private static RunConfig Tiny(string preset)
    {
        var c = Presets.ByName(preset, "demo", 1);
        return c with { Vae = c.Vae with { Epochs = 1, BatchSize = 16, ConvChannels = [4, 8, 8], ProjectionEvery = 0, CheckpointEvery = 0 } };
    }

    [Fact]
    public void AConvVaeRunDecodesEveryFileOnceForItsFeaturesBaselinesAndImages()
    {
        var decoder = new CountingDecoder();
        var result = RunPipeline.Execute(Tiny(Presets.ConvVaeMelspec), corpus.Root, DemoCorpus.DatasetName, new NullObserver(), CancellationToken.None,
            new RunOptions { Decoder = decoder.Decode });

        var files = result.Scan.Files.Select(f => f.FullPath).Order().ToList();
        Assert.Equal(20, files.Count);
        Assert.Equal(files, decoder.Calls.Keys.Order());
        Assert.All(decoder.Calls, c => Assert.Equal(1, c.Value));
        // Every baseline row and the image model's row came out of that single pass.
        Assert.Equal([RunPipeline.RawMfccMethod, RunPipeline.RawMfccMeanStdMethod, RunPipeline.RawMelStatsMethod, RunPipeline.RawGtzan57Method, "Conv-VAE + KMeans"],
            result.Rows.Select(r => r.Method));
        Assert.StartsWith("ConvVae", result.Model);
    }

    [Fact]
    public void AWarmFeatureCacheDecodesNothingForAVectorModelButStillDecodesOnceForImages()
    {
        var cache = Path.Combine(corpus.Dir, "cache-dataflow");
        var cold = new CountingDecoder();
        var first = RunPipeline.Execute(Tiny(Presets.MlpVaeAudio), corpus.Root, DemoCorpus.DatasetName, new NullObserver(), CancellationToken.None,
            new RunOptions { Decoder = cold.Decode, FeatureCacheFolder = cache });
        Assert.Equal(20, cold.Calls.Count);
        Assert.All(cold.Calls, c => Assert.Equal(1, c.Value));

        var warm = new CountingDecoder();
        var second = RunPipeline.Execute(Tiny(Presets.MlpVaeAudio), corpus.Root, DemoCorpus.DatasetName, new NullObserver(), CancellationToken.None,
            new RunOptions { Decoder = warm.Decode, FeatureCacheFolder = cache });
        Assert.Empty(warm.Calls);
        // The cached MFCC, log-mel statistics and GTZAN-57 rows are the computed ones: the same baseline scores.
        Assert.Equal(first.Rows.SkipLast(1).Select(r => (r.Method, r.Silhouette, r.Nmi)), second.Rows.SkipLast(1).Select(r => (r.Method, r.Silhouette, r.Nmi)));

        var images = new CountingDecoder();
        RunPipeline.Execute(Tiny(Presets.ConvVaeMelspec), corpus.Root, DemoCorpus.DatasetName, new NullObserver(), CancellationToken.None,
            new RunOptions { Decoder = images.Decode, FeatureCacheFolder = cache });
        Assert.Equal(20, images.Calls.Count);
        Assert.All(images.Calls, c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public void OnePassGivesTheSameTablesAsSeparatePasses()
    {
        var scan = Core.Datasets.DatasetScanner.Scan(corpus.Root);
        var policy = Presets.StudyViews;
        var mfcc = new MfccSettings(Pooling: MfccPooling.MeanStd);
        var set = CollectionFeatures.ExtractSet(scan, policy, [ClipFeature.Mfcc(mfcc, policy), ClipFeature.LogMelStats(new MfccSettings(), policy),
            ClipFeature.Gtzan57(new MfccSettings(), policy)], new MfccSettings());
        Assert.Equal(CollectionFeatures.Extract(scan, policy, mfcc).Features, set.Tables[0].Features);
        Assert.Equal(CollectionFeatures.ExtractSet(scan, policy, [ClipFeature.LogMelStats(new MfccSettings(), policy)], null).Tables[0].Features, set.Tables[1].Features);
        Assert.Equal(CollectionFeatures.ExtractGtzanSummary(scan, policy, new MfccSettings()).Features, set.Tables[2].Features);
        Assert.All(set.Tables, t => Assert.Equal(set.Tables[0].Clips, t.Clips));
        // The images are the clips' log-mel spectrograms, in the tables' clip order.
        var images = set.Images!;
        Assert.Equal((60, 128, 431), (images.Count, images.Height, images.Width));
        var clip = set.Tables[0].Clips[7];
        var samples = Clipper.Cut(AudioLoader.Load(clip.Track.FullPath, 22050), policy)[clip.ClipIndex].Samples;
        var expected = MfccFeatures.MelDb(samples, new MfccSettings());
        for (var mel = 0; mel < 128; mel += 7)
            for (var t = 0; t < 431; t += 13)
                Assert.Equal(expected[mel, t], images.Values[7 * images.SampleSize + mel * 431 + t], 3);
    }

    [Fact]
    public void TheTrackCatalogueTakesTheFactsOfTheRunsDecodesInsteadOfDecodingAgain()
    {
        var dir = Path.Combine(corpus.Dir, "catalogue");
        Directory.CreateDirectory(dir);
        var dbPath = Path.Combine(dir, "runs.db");
        Core.Storage.Database.MigrateAsync(dbPath).GetAwaiter().GetResult();
        var options = Core.Storage.Database.Options(dbPath);
        var config = Tiny(Presets.MlpVaeAudio);
        var recorder = RunRecorder.Create(options, config, DemoCorpus.DatasetName, corpus.Root);
        // A decoder whose facts no real decode would give (7 channels): what the catalogue stores shows where it came from.
        var decodes = 0;
        AudioBuffer Marked(string path, byte[]? bytes, int rate)
        {
            Interlocked.Increment(ref decodes);
            var audio = AudioLoader.Read(path, bytes, rate);
            return audio with { File = audio.File with { Channels = 7 } };
        }
        var result = RunPipeline.Execute(config, corpus.Root, DemoCorpus.DatasetName, recorder, CancellationToken.None, new RunOptions { Decoder = Marked });
        recorder.Complete(result);

        Assert.Equal(20, decodes);
        Assert.Equal(20, result.Features.Audio.Count);
        using var db = new Core.Storage.MusicDbContext(options);
        var tracks = db.Tracks.ToList();
        Assert.Equal(20, tracks.Count);
        Assert.All(tracks, t => Assert.Equal((7, 22050, 20.0), (t.Channels, t.SampleRate, Math.Round(t.DurationSeconds, 3))));
    }

    private sealed class NullObserver : IRunObserver;
}
