using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Configuration;

/// <summary>Resolves the configured paths against the configuration's own folder, so the dashboard and the verbs agree
/// whatever the working directory.</summary>
public sealed class AppPaths(MusicDashboardOptions options, string baseDirectory)
{
    public MusicDashboardOptions Options { get; } = options;
    public string BaseDirectory { get; } = Path.GetFullPath(baseDirectory);

    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(BaseDirectory, path));

    public string DataFolder => Resolve(Options.DataFolder);
    /// <summary>The configured database (provider and connection); a setting that cannot work is a
    /// <see cref="StorageException"/> saying what to set, at the first use (the start-up's).</summary>
    public DatabaseSettings Database => DatabaseSettings.From(Options.DatabaseProvider, Options.Database, Resolve);
    /// <summary>The database as messages name it: the SQLite file's full path, or "PostgreSQL at host:port, database name".</summary>
    public string DatabasePath => Database.Name;
    public string DemoCorpusFolder => Path.Combine(DataFolder, "demo-corpus");
    public string RunsFolder => Path.Combine(DataFolder, "runs");
    /// <summary>Per-track pooled features keyed by file hash and settings (runs, `features`, `train`, `reproduce`).</summary>
    public string FeatureCacheFolder => Path.Combine(DataFolder, "feature-cache");
    public bool UsesDemoCorpus => string.IsNullOrWhiteSpace(Options.DatasetPath) || Options.DatasetPath.Trim() == "demo";
    /// <summary>What a run names as its dataset when it names none: the configured collection, else "demo".</summary>
    public string DefaultDataset => UsesDemoCorpus ? "demo" : Options.DatasetPath.Trim();
    /// <summary>The collection the dashboard shows: the configured one, or the demo corpus.</summary>
    public string DatasetRoot => UsesDemoCorpus ? DemoCorpusFolder : Resolve(Options.DatasetPath);

    /// <summary>
    /// The folder that holds the single appsettings.json: the repository root when running from source (found by walking
    /// up to MusicDashboard.sln), else the application folder.
    /// </summary>
    public static string FindConfigurationFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MusicDashboard.sln")) && File.Exists(Path.Combine(dir.FullName, "appsettings.json")))
                    return dir.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }
}
