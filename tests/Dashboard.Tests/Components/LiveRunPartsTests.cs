using System.Threading.Channels;
using MusicDashboard.Dashboard.Components.Live;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Tests.Components;

/// <summary>The run page's parts that hold no browser state: the ETA, the event batching, the contingency counts, the
/// scatter's colours and links.</summary>
public sealed class LiveRunPartsTests
{
    private static EpochCompletedEvent Epoch(int epoch, double seconds) => new(epoch, 20, 1, 1, 0, 1, seconds);

    [Fact]
    public void TheEtaIsTheEpochsLeftTimesTheMeanOfTheLastTen()
    {
        Assert.Null(TrainingEta.Estimate([Epoch(1, 5)], 20)); // one epoch says nothing yet
        Assert.Null(TrainingEta.Estimate([Epoch(1, 5), Epoch(2, 5)], 0));
        // Epochs 1-4 took 10 s (warm-up), 5-12 took 1 s: the last ten (3-12) hold two slow ones, so 2.8 s per epoch, and
        // 8 epochs are left of 20.
        var epochs = Enumerable.Range(1, 12).Select(i => Epoch(i, i <= 4 ? 10 : 1)).ToList();
        var eta = TrainingEta.Estimate(epochs, 20)!;
        Assert.Equal(TimeSpan.FromSeconds((2 * 10 + 8 * 1) / 10.0), eta.PerEpoch);
        Assert.Equal(TimeSpan.FromSeconds(8 * 2.8), eta.Remaining);
        Assert.Equal("ETA 22.4 s (training; 2800 ms per epoch)", eta.ToString());
        // Never negative when more epochs arrived than planned (a resumed run replays).
        Assert.Equal(TimeSpan.Zero, TrainingEta.Estimate([Epoch(20, 1), Epoch(21, 1)], 20)!.Remaining);
    }

    [Fact]
    public void ThePumpDropsWhatTheSnapshotHoldsAndRepeatsAndKeepsOrder()
    {
        var channel = Channel.CreateUnbounded<RunEvent>();
        var pump = new RunEventPump(channel.Reader, snapshotSeq: 3);
        foreach (var seq in new long[] { 2, 3, 4, 5, 5, 7 }) channel.Writer.TryWrite(Epoch((int)seq, 1) with { Seq = seq });
        Assert.Equal([4L, 5, 7], pump.TakeBatch().Select(e => e.Seq));
        Assert.Empty(pump.TakeBatch());
        channel.Writer.TryWrite(Epoch(6, 1) with { Seq = 6 }); // older than the last handed on
        channel.Writer.TryWrite(Epoch(8, 1) with { Seq = 8 });
        Assert.Equal([8L], pump.TakeBatch().Select(e => e.Seq));
    }

    [Fact]
    public async Task ThePumpHandsOnBatchesUntilTheRunsEventsEnd()
    {
        var channel = Channel.CreateUnbounded<RunEvent>();
        var pump = new RunEventPump(channel.Reader, snapshotSeq: 0);
        for (var seq = 1; seq <= 3; seq++) channel.Writer.TryWrite(Epoch(seq, 1) with { Seq = seq });
        channel.Writer.Complete();
        var seen = new List<long>();
        await pump.RunAsync(batch => { seen.AddRange(batch.Select(e => e.Seq)); return Task.CompletedTask; }, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal([1L, 2, 3], seen);
    }

    [Fact]
    public void ContingencyCountsTracksWhenRowsWereScoredPerTrackElseClips()
    {
        // Three tracks, two clips each. Per track: each track's clips share a cluster, so tracks are counted.
        PointInfo P(int track, string? genre, int clip) => new(track, $"t{track}.wav", genre, clip);
        var info = new[] { P(1, "rock", 0), P(1, "rock", 1), P(2, "pop", 0), P(2, "pop", 1), P(3, "rock", 0), P(3, "rock", 1) };
        var (clusters, genres, counts, perTrack) = ContingencyHeatmap.Count([1, 1, 0, 0, 1, 1], info);
        Assert.True(perTrack);
        Assert.Equal([0, 1], clusters);
        Assert.Equal(["pop", "rock"], genres);
        Assert.Equal(new[,] { { 1, 0 }, { 0, 2 } }, counts);
        // Clips of one track in different clusters: clips are counted (sklearn's contingency_matrix of genre x cluster).
        (clusters, genres, counts, perTrack) = ContingencyHeatmap.Count([1, 0, 0, 0, 1, 1], info);
        Assert.False(perTrack);
        Assert.Equal(new[,] { { 2, 1 }, { 0, 3 } }, counts);
    }

    [Fact]
    public void TheScatterFollowsTheNewestMethodUntilOneIsChosenAndLinksPointsToTracks()
    {
        var scatter = new LatentScatter();
        scatter.Store(new ProjectionUpdatedEvent("Raw MFCC + KMeans", 4, true, "pca", [0, 1], [0, 1], [0, -1]));
        scatter.Store(new ProjectionUpdatedEvent("MLP-VAE + KMeans", 4, true, "pca", [0, 1], [0, 1], [1, 1]));
        Assert.Equal("MLP-VAE + KMeans", scatter.Method);
        scatter.Choose("Raw MFCC + KMeans");
        scatter.Store(new ProjectionUpdatedEvent("MLP-VAE + KMeans", 4, true, "pca", [0, 1], [0, 1], [1, 1]));
        Assert.Equal("Raw MFCC + KMeans", scatter.Method);
        // DBSCAN's noise (-1) gets a colour of its own, from the end of the palette.
        Assert.Equal([("cluster -1", ChartPalette.Colours[^1]), ("cluster 0", ChartPalette.Colours[0])], scatter.LegendItems());
        Assert.Null(scatter.TrackLink(7, 0)); // points not stored yet
        scatter.Points = new Dictionary<string, List<PointInfo>> { ["Raw MFCC + KMeans"] = [new(11, "a.wav", "rock", 0), new(12, "b.wav", null, 0)] };
        Assert.Equal("tracks?run=7&method=Raw%20MFCC%20%2B%20KMeans&track=12&cluster=-1", scatter.TrackLink(7, 1));
        scatter.ColourBy = "genre";
        Assert.Equal(["(none)", "rock"], scatter.LegendItems().Select(l => l.Label));
    }
}
