using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>Batch extraction over a small GTZAN-layout folder (WAV and AU), bad files listed, and the on-disk feature cache.</summary>
public sealed class CollectionFeaturesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("musicdash-features-").FullName;
    private static readonly ClipPolicy Policy = new(Seconds: 2, HopSeconds: 2);
    private static readonly MfccSettings Settings = new(NMfcc: 13);

    public CollectionFeaturesTests()
    {
        var rng = new Random(3);
        foreach (var (genre, f0) in new[] { ("blues", 220.0), ("metal", 660.0) })
        {
            Directory.CreateDirectory(Path.Combine(_root, "genres", genre));
            for (var k = 0; k < 2; k++)
            {
                var y = Enumerable.Range(0, 22050 * 5).Select(i => (float)(0.4 * Math.Sin(2 * Math.PI * f0 * (1 + 0.1 * k) * i / 22050) + 0.02 * (rng.NextDouble() - 0.5))).ToArray();
                var path = Path.Combine(_root, "genres", genre, $"{genre}.0000{k}.{(k == 0 ? "au" : "wav")}");
                if (k == 0) AuWriter.WritePcm16(path, y, 22050); else WavWriter.WritePcm16(path, y, 22050);
            }
        }
        File.WriteAllText(Path.Combine(_root, "genres", "metal", "metal.00009.wav"), "not audio at all");
        WavWriter.WritePcm16(Path.Combine(_root, "genres", "blues", "blues.00009.wav"), new float[22050], 22050); // 1 s: looped to one 2-s clip
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void ExtractsEveryClipAndListsWhatItSkipped()
    {
        var scan = DatasetScanner.Scan(_root);
        var progress = new List<(int, int)>();
        var table = CollectionFeatures.Extract(scan, Policy, Settings, new Progress(progress));
        Assert.Equal(4 * 2 + 1, table.Features.Length); // 5 s -> two 2-s clips per track; the 1-s excerpt is looped to one
        Assert.Equal(5, table.TracksUsed);
        Assert.Equal(13, table.ColumnNames.Count);
        Assert.Null(table.Cache);
        var skipped = Assert.Single(table.Skipped); // a 1-s excerpt is no longer lost, a broken file still is
        Assert.True(skipped.Path.EndsWith("metal.00009.wav") && skipped.Reason.Contains("not a WAV file"), skipped.Reason);
        Assert.Single(table.Clips, c => c.Track.RelativePath.EndsWith("blues.00009.wav"));
        Assert.Equal((scan.Files.Count, scan.Files.Count), progress[^1]);
        Assert.Equal([0.0, 2.0], table.Clips.Where(c => c.TrackIndex == table.Clips[0].TrackIndex).Select(c => c.OffsetSeconds));

        // Each row is the pooled MFCC of that clip computed on its own.
        var first = table.Clips[1];
        var audio = AudioLoader.Load(first.Track.FullPath, 22050);
        var expected = MfccFeatures.Pooled(audio.Samples.AsSpan((int)(first.OffsetSeconds * 22050), 2 * 22050).ToArray(), Settings);
        for (var k = 0; k < 13; k++) Assert.Equal(expected[k], table.Features[1][k], 3);
    }

    [Fact]
    public void CacheServesASecondRunRecomputesCorruptEntriesAndFollowsParameters()
    {
        var scan = DatasetScanner.Scan(_root);
        var cacheDir = Path.Combine(_root, "cache");
        var cold = CollectionFeatures.Extract(scan, Policy, Settings, cacheDirectory: cacheDir);
        // Six look-ups: the four tracks, the 1-s excerpt (looped) and the bad file (looked up by its bytes, then found undecodable).
        Assert.Equal(new FeatureCacheStats(0, 6, 0), cold.Cache);
        var warm = CollectionFeatures.Extract(scan, Policy, Settings, cacheDirectory: cacheDir);
        Assert.Equal(new FeatureCacheStats(5, 1, 0), warm.Cache);
        Assert.Equal(cold.Features.Select(f => f.ToArray()), warm.Features);
        Assert.Equal(cold.Clips.Select(c => (c.Track.RelativePath, c.ClipIndex, c.OffsetSeconds)), warm.Clips.Select(c => (c.Track.RelativePath, c.ClipIndex, c.OffsetSeconds)));
        Assert.Single(warm.Skipped); // bad files are not cached: they are tried (and listed) again

        // Truncate one entry and flip a byte in another: both are detected and recomputed to the same numbers.
        var entries = Directory.GetFiles(cacheDir, "*.feat", SearchOption.AllDirectories).Order().ToArray();
        Assert.Equal(5, entries.Length);
        File.WriteAllBytes(entries[0], File.ReadAllBytes(entries[0])[..40]);
        var bytes = File.ReadAllBytes(entries[1]);
        bytes[20] ^= 0x40;
        File.WriteAllBytes(entries[1], bytes);
        var repaired = CollectionFeatures.Extract(scan, Policy, Settings, cacheDirectory: cacheDir);
        Assert.Equal(new FeatureCacheStats(3, 1, 2), repaired.Cache);
        Assert.Equal(cold.Features.Select(f => f.ToArray()), repaired.Features);
        Assert.Equal(new FeatureCacheStats(5, 1, 0), CollectionFeatures.Extract(scan, Policy, Settings, cacheDirectory: cacheDir).Cache);

        // Any parameter or clip-policy change reads nothing old.
        Assert.Equal(6, CollectionFeatures.Extract(scan, Policy, Settings with { NMels = 64 }, cacheDirectory: cacheDir).Cache!.Misses);
        Assert.Equal(4, CollectionFeatures.Extract(scan, Policy with { HopSeconds = 1 }, Settings, cacheDirectory: cacheDir).Cache!.Misses - 2);
        Assert.Equal(4, CollectionFeatures.Extract(scan, Policy, Settings with { Pooling = MfccPooling.MeanStd }, cacheDirectory: cacheDir).Cache!.Misses - 2);
        Assert.Equal(6, CollectionFeatures.ExtractSummary(scan, Policy, Settings, new SummarySettings(), cacheDirectory: cacheDir).Cache!.Misses);
        Assert.Equal(4, CollectionFeatures.ExtractSummary(scan, Policy, Settings, new SummarySettings(Tuning: 0), cacheDirectory: cacheDir).Cache!.Misses - 2);
        Assert.Equal(5, CollectionFeatures.ExtractSummary(scan, Policy, Settings, new SummarySettings(Tuning: 0), cacheDirectory: cacheDir).Cache!.Hits);

        // The key is the content, not the name: a renamed copy of a track is a hit.
        var copy = Path.Combine(_root, "genres", "blues", "blues.00007.wav");
        File.Copy(scan.Files.First(f => f.FullPath.EndsWith(".wav")).FullPath, copy);
        Assert.Equal(6, CollectionFeatures.Extract(DatasetScanner.Scan(_root), Policy, Settings, cacheDirectory: cacheDir).Cache!.Hits);
    }

    [Fact]
    public void SummaryTableHasNamedColumns()
    {
        var table = CollectionFeatures.ExtractSummary(DatasetScanner.Scan(_root), Policy, Settings, new SummarySettings());
        Assert.Equal(2 * 13 + 24 + 10, table.ColumnNames.Count);
        Assert.All(table.Features, f => Assert.Equal(table.ColumnNames.Count, f.Length));
        Assert.All(table.Features, f => Assert.All(f, v => Assert.True(float.IsFinite(v))));
        // The 660 Hz metal tracks are brighter than the 220 Hz blues ones.
        var centroid = table.ColumnNames.ToList().IndexOf("spectral_centroid_mean");
        var blues = table.Clips.Select((c, i) => (c, i)).Where(p => p.c.Track.Genre == "blues").Average(p => table.Features[p.i][centroid]);
        var metal = table.Clips.Select((c, i) => (c, i)).Where(p => p.c.Track.Genre == "metal").Average(p => table.Features[p.i][centroid]);
        Assert.True(metal > blues + 200, $"centroid metal {metal} vs blues {blues}");
    }

    [Fact]
    public void GtzanSummaryTableGoesThroughTheCacheUnderItsOwnKey()
    {
        var scan = DatasetScanner.Scan(_root);
        var cacheDir = Path.Combine(_root, "cache57");
        Assert.Equal(6, CollectionFeatures.ExtractSummary(scan, Policy, Settings, new SummarySettings(), cacheDirectory: cacheDir).Cache!.Misses);
        var cold = CollectionFeatures.ExtractGtzanSummary(scan, Policy, Settings, cacheDirectory: cacheDir);
        Assert.Equal(new FeatureCacheStats(0, 6, 0), cold.Cache); // the summary entries above are not read: another kind
        Assert.Equal(GtzanSummaryFeatures.ColumnNames, cold.ColumnNames);
        Assert.Equal(9, cold.Features.Length);
        Assert.All(cold.Features, f => Assert.All(f, v => Assert.True(float.IsFinite(v))));
        var warm = CollectionFeatures.ExtractGtzanSummary(scan, Policy, Settings, cacheDirectory: cacheDir);
        Assert.Equal(new FeatureCacheStats(5, 1, 0), warm.Cache);
        Assert.Equal(cold.Features.Select(f => f.ToArray()), warm.Features);
        // 20 MFCC whatever the settings say (the table's layout), so another n_mfcc reads the same entries.
        Assert.Equal(5, CollectionFeatures.ExtractGtzanSummary(scan, Policy, Settings with { NMfcc = 40 }, cacheDirectory: cacheDir).Cache!.Hits);

        // Each row is the clip's vector computed on its own.
        var clip = cold.Clips[1];
        var audio = AudioLoader.Load(clip.Track.FullPath, 22050);
        var alone = GtzanSummaryFeatures.Batch([audio.Samples.AsSpan((int)(clip.OffsetSeconds * 22050), 2 * 22050).ToArray()], Settings);
        for (var k = 0; k < GtzanSummaryFeatures.Length; k++)
            Assert.Equal(alone[0][k], cold.Features[1][k], Math.Max(1e-6, Math.Abs(alone[0][k]) * 1e-5));
    }

    private sealed class Progress(List<(int, int)> sink) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) { lock (sink) sink.Add(value); }
    }
}
