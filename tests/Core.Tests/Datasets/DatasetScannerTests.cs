using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Tests.Datasets;

public sealed class DatasetScannerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-scan-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Touch(string relative, string content = "x")
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void GtzanLayoutTakesGenresFromFoldersAndFindsSidecars()
    {
        Touch("genres/rock/rock.00001.au");
        Touch("genres/rock/rock.00000.wav");
        Touch("genres/rock/rock.00000.txt", "la la");
        Touch("genres/jazz/jazz.00054.wav");
        Touch("genres/jazz/readme.md");
        var scan = DatasetScanner.Scan(_dir, "GTZAN");
        Assert.Equal(["jazz", "rock"], scan.Genres);
        Assert.Equal(["genres/jazz/jazz.00054.wav", "genres/rock/rock.00000.wav", "genres/rock/rock.00001.au"], scan.Files.Select(f => f.RelativePath));
        Assert.Equal(["jazz", "rock", "rock"], scan.Files.Select(f => f.Genre));
        Assert.NotNull(scan.Files[1].SidecarLyricsPath);
        Assert.Null(scan.Files[2].SidecarLyricsPath);
        // Pointing at the genres folder itself works the same.
        Assert.Equal(3, DatasetScanner.Scan(Path.Combine(_dir, "genres")).Files.Count);
    }

    [Fact]
    public void AnyOtherFolderIsScannedRecursivelyWithoutGenres()
    {
        Touch("a.wav");
        Touch("albums/one/b.flac");
        var scan = DatasetScanner.Scan(_dir);
        Assert.Equal(["a.wav", "albums/one/b.flac"], scan.Files.Select(f => f.RelativePath));
        Assert.All(scan.Files, f => Assert.Null(f.Genre));
        Assert.Empty(scan.Genres);
    }

    [Fact]
    public void BadPathsSaySoPlainly()
    {
        Assert.Contains("does not exist", Assert.Throws<DatasetException>(() => DatasetScanner.Scan(Path.Combine(_dir, "missing"))).Message);
        Assert.Contains("no audio files", Assert.Throws<DatasetException>(() => DatasetScanner.Scan(_dir)).Message);
        var file = Touch("x.wav");
        Assert.Contains("is a file", Assert.Throws<DatasetException>(() => DatasetScanner.Scan(file)).Message);
    }
}
