using MusicDashboard.Dashboard.Cli;

namespace MusicDashboard.Dashboard.Tests.Cli;

public class RepositoryScriptsTests
{
    [Theory]
    [InlineData(RepositoryScripts.SklearnCluster, "from sklearn.cluster import KMeans")]
    [InlineData(RepositoryScripts.WhisperReference, "install_kv_cache_hooks")]
    [InlineData(RepositoryScripts.TrainReference, "import torch")]
    public void TheBenchPeersAreScriptsOfTheRepository(string relativePath, string content)
    {
        var path = RepositoryScripts.Find(relativePath);
        Assert.NotNull(path);
        Assert.Equal(Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, relativePath)), Path.GetFullPath(path));
        Assert.Contains(content, File.ReadAllText(path));
    }

    [Fact]
    public void AMissingScriptIsNamedWithWhereToPutIt()
    {
        Assert.Null(RepositoryScripts.Find("scripts/bench/no_such_reference.py"));
        var message = RepositoryScripts.Missing("scripts/bench/no_such_reference.py");
        Assert.Contains("scripts/bench/no_such_reference.py not found", message);
        Assert.Contains("MUSICDASH_CONFIG_DIR", message);
    }
}
