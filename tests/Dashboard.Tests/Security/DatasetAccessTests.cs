using MusicDashboard.Core.Configuration;
using MusicDashboard.Dashboard.Security;

namespace MusicDashboard.Dashboard.Tests.Security;

/// <summary>Datasets only under the allowed roots: the configured dataset, the demo corpus, MusicDashboard:DatasetRoots;
/// ".." and symbolic links are judged by where they really lead.</summary>
public sealed class DatasetAccessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-roots-").FullName;
    private readonly string _roots;
    private readonly string _outside;
    private readonly AppPaths _paths;

    public DatasetAccessTests()
    {
        _roots = Directory.CreateDirectory(Path.Combine(_dir, "music")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_dir, "private")).FullName;
        Directory.CreateDirectory(Path.Combine(_roots, "gtzan", "genres"));
        Directory.CreateDirectory(Path.Combine(_dir, "configured"));
        File.WriteAllText(Path.Combine(_roots, "features.csv"), "a,label\n1,x\n");
        _paths = new AppPaths(new MusicDashboardOptions { DataFolder = "data", DatasetPath = "configured", DatasetRoots = ["music"] }, _dir);
    }

    [Fact]
    public void TheRootsAreTheConfiguredDatasetTheDemoCorpusAndTheListedFolders()
    {
        Assert.Equal([Path.Combine(_dir, "configured"), Path.Combine(_dir, "data", "demo-corpus"), _roots], DatasetAccess.Roots(_paths));
    }

    [Fact]
    public void FoldersAndFeatureTablesInsideARootAreAllowed()
    {
        Assert.Null(DatasetAccess.Refusal(_paths, _roots));
        Assert.Null(DatasetAccess.Refusal(_paths, Path.Combine(_roots, "gtzan")));
        Assert.Null(DatasetAccess.Refusal(_paths, Path.Combine(_roots, "features.csv")));
        Assert.Null(DatasetAccess.Refusal(_paths, Path.Combine(_dir, "configured")));
        Assert.Null(DatasetAccess.Refusal(_paths, Path.Combine(_dir, "data", "demo-corpus", "genres")));
        // Not yet existing but inside: allowed here (the queue then says it does not exist).
        Assert.Null(DatasetAccess.Refusal(_paths, Path.Combine(_roots, "later")));
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../../../../etc")]
    [InlineData("music/../private")]
    [InlineData("music/gtzan/../../private")]
    [InlineData("musical")]
    [InlineData("/")]
    public void PathsOutsideEveryRootAreRefusedWithTheRootsAndHowToAddOne(string dataset)
    {
        var refusal = DatasetAccess.Refusal(_paths, _paths.Resolve(dataset));
        Assert.NotNull(refusal);
        Assert.Contains("outside the folders datasets may come from", refusal);
        Assert.Contains(_roots, refusal);
        Assert.Contains("MusicDashboard:DatasetRoots", refusal);
    }

    [Fact]
    public void ASymbolicLinkInsideARootThatLeadsOutIsRefusedAndOneThatStaysInIsAllowed()
    {
        var escape = Path.Combine(_roots, "escape");
        Directory.CreateSymbolicLink(escape, _outside);
        var etc = Path.Combine(_roots, "etc");
        Directory.CreateSymbolicLink(etc, "/etc");
        var relative = Path.Combine(_roots, "gtzan", "up");
        Directory.CreateSymbolicLink(relative, "../../private");
        var inside = Path.Combine(_roots, "alias");
        Directory.CreateSymbolicLink(inside, "gtzan");
        var tableLink = Path.Combine(_roots, "table.csv");
        File.WriteAllText(Path.Combine(_outside, "secret.csv"), "a\n1\n");
        File.CreateSymbolicLink(tableLink, Path.Combine(_outside, "secret.csv"));

        Assert.NotNull(DatasetAccess.Refusal(_paths, escape));
        Assert.NotNull(DatasetAccess.Refusal(_paths, Path.Combine(escape, "deeper")));
        Assert.NotNull(DatasetAccess.Refusal(_paths, etc));
        Assert.NotNull(DatasetAccess.Refusal(_paths, relative));
        Assert.NotNull(DatasetAccess.Refusal(_paths, tableLink));
        Assert.Null(DatasetAccess.Refusal(_paths, inside));
        Assert.Equal(Path.Combine(_roots, "gtzan", "genres"), DatasetAccess.RealPath(Path.Combine(inside, "genres")));
    }

    [Fact]
    public void ARootThatIsItselfALinkAllowsWhatLiesUnderItsTarget()
    {
        var target = Directory.CreateDirectory(Path.Combine(_dir, "disk", "music")).FullName;
        var link = Path.Combine(_dir, "linked-root");
        Directory.CreateSymbolicLink(link, target);
        var paths = new AppPaths(new MusicDashboardOptions { DataFolder = "data", DatasetRoots = ["linked-root"] }, _dir);
        Assert.Null(DatasetAccess.Refusal(paths, Path.Combine(link, "gtzan")));
        Assert.Null(DatasetAccess.Refusal(paths, Path.Combine(target, "gtzan")));
        Assert.NotNull(DatasetAccess.Refusal(paths, Path.Combine(_dir, "disk")));
    }

    [Fact]
    public void ALinkLoopIsRefusedNotFollowedForever()
    {
        var a = Path.Combine(_roots, "a");
        var b = Path.Combine(_roots, "b");
        Directory.CreateSymbolicLink(a, b);
        Directory.CreateSymbolicLink(b, a);
        Assert.Contains("loop", DatasetAccess.Refusal(_paths, a));
        Assert.NotNull(DatasetAccess.Refusal(_paths, Path.Combine(_roots, "..", "private")));
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", true)]
    [InlineData("/a/", "/a", true)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/a", "/a/b", false)]
    [InlineData("/anything", "/", true)]
    public void InsideComparesWholeFolderNames(string path, string root, bool inside) => Assert.Equal(inside, DatasetAccess.Inside(path, root));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
