using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Tests.Datasets;

/// <summary>Feature tables brought instead of audio: Kaggle's GTZAN layouts as they are, a track column, clear errors.</summary>
public sealed class FeatureTableDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void KaggleThirtySecondLayoutGivesOneRowPerTrackWithoutTheLengthColumn()
    {
        var path = Write("features_30_sec.csv",
            "filename,length,chroma_stft_mean,tempo,label\n" +
            "blues.00000.wav,661794,0.35,123.0,blues\n" +
            "blues.00001.wav,661794,0.34,68.0,blues\n" +
            "rock.00000.wav,661500,0.40,99.4,rock\n");

        var (scan, table) = FeatureTableDataset.Read(path);

        Assert.Equal(["chroma_stft_mean", "tempo"], table.ColumnNames); // length is metadata, not a feature
        Assert.Equal(["blues.00000", "blues.00001", "rock.00000"], scan.Files.Select(f => f.RelativePath));
        Assert.Equal(["blues", "rock"], scan.Genres);
        Assert.Equal(3, table.TracksUsed);
        Assert.Equal([0.35f, 123f], table.Features[0]);
        Assert.Equal([0, 0, 1], table.GenreLabels(out _));
    }

    [Fact]
    public void KaggleThreeSecondLayoutGroupsSegmentsIntoTracks()
    {
        var path = Write("features_3_sec.csv",
            "filename,length,rms_mean,label\n" +
            "blues.00000.0.wav,66149,0.1,blues\n" +
            "blues.00000.1.wav,66149,0.2,blues\n" +
            "blues.00001.0.wav,66149,0.3,blues\n" +
            "jazz.00000.0.wav,66149,0.4,jazz\n" +
            "jazz.00000.1.wav,66149,0.5,jazz\n");

        var (scan, table) = FeatureTableDataset.Read(path);

        Assert.Equal(["blues.00000", "blues.00001", "jazz.00000"], scan.Files.Select(f => f.RelativePath));
        Assert.Equal([0, 0, 1, 2, 2], table.Clips.Select(c => c.TrackIndex));
        Assert.Equal([0, 1, 0, 0, 1], table.Clips.Select(c => c.ClipIndex));
    }

    [Fact]
    public void ATrackColumnNamesTheTracksAndLabelsAreOptional()
    {
        var path = Write("mine.csv", "id,track,a,b,comment\nx1,song-a,1,2,hi\nx2,song-a,3,4,there\nx3,song-b,5,6,you\n");
        var (scan, table) = FeatureTableDataset.Read(path);
        Assert.Equal(["song-a", "song-b"], scan.Files.Select(f => f.RelativePath));
        Assert.Equal(["a", "b"], table.ColumnNames); // the text column is left out
        Assert.Null(table.GenreLabels(out _)); // no labels: the extrinsic metrics are not computed
    }

    [Theory]
    [InlineData("a,b\n1,2\n", "no id column")]
    [InlineData("filename,label\nx.wav,rock\n", "no numeric feature columns")]
    [InlineData("filename,a,label\nx.0.wav,1,rock\nx.1.wav,NaN,rock\n", "not a finite number")]
    [InlineData("filename,a,label\nt.1.0.wav,1,rock\nt.1.1.wav,2,jazz\n", "gives track 't.1' the label 'jazz'")]
    public void BadTablesAreRefusedWithTheReason(string text, string message)
    {
        var e = Assert.Throws<DatasetException>(() => FeatureTableDataset.Read(Write("bad.csv", text)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AMissingTableIsNamed() =>
        Assert.Contains("does not exist", Assert.Throws<DatasetException>(() => FeatureTableDataset.Read(Path.Combine(_dir, "none.csv"))).Message);
}
