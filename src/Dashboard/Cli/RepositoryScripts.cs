using MusicDashboard.Dashboard.Hosting;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// The reference scripts the bench verbs run (scripts/bench/*.py, tests/fixtures/pytorch/bench_train.py) live in the
/// repository, never inside the executable: found in the configuration folder (the repository root when running from
/// source, or $MUSICDASH_CONFIG_DIR) or in a folder above the working folder or the executable.
/// </summary>
public static class RepositoryScripts
{
    public const string SklearnCluster = "scripts/bench/sklearn_cluster_reference.py";
    public const string UmapReference = "scripts/bench/umap_reference.py";
    public const string WhisperReference = "scripts/bench/whisper_reference.py";
    public const string TrainReference = "tests/fixtures/pytorch/bench_train.py";

    public static string? Find(string relativePath)
    {
        foreach (var start in new[] { AppConfiguration.ConfigurationFolder(), Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(path)) return path;
            }
        return null;
    }

    /// <summary>Why there is no peer figure when the script is absent (e.g. an installed executable without the sources).</summary>
    public static string Missing(string relativePath) =>
        $"{relativePath} not found in the configuration folder or above the working folder or the executable " +
        $"(run from a source checkout, or point {AppConfiguration.ConfigFolderVariable} at one)";
}
