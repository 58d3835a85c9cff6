namespace MusicDashboard.Core.Configuration;

/// <summary>The "MusicDashboard" section of appsettings.json. Relative paths are relative to the folder holding that file.</summary>
public sealed class MusicDashboardOptions
{
    public const string Section = "MusicDashboard";

    /// <summary>Where the demo corpus, the feature cache, checkpoints and run outputs go.</summary>
    public string DataFolder { get; set; } = "data";
    /// <summary>SQLite database file.</summary>
    public string Database { get; set; } = "data/musicdash.db";
    /// <summary>The music collection (GTZAN layout or any folder of audio). Empty: the synthetic demo corpus.</summary>
    public string DatasetPath { get; set; } = "";
    /// <summary>A whisper.cpp ggml model file for lyric transcription. Empty: transcription is unavailable (and says so).</summary>
    public string WhisperModelPath { get; set; } = "";
    /// <summary>CPU threads for TorchSharp; 0 = all cores.</summary>
    public int Threads { get; set; }
    public DemoSettings Demo { get; set; } = new();

    public sealed class DemoSettings
    {
        public int TracksPerGenre { get; set; } = 10;
        public int Seed { get; set; } = 42;
    }
}

/// <summary>Resolves the configured paths against the configuration's own folder, so the dashboard and the verbs agree
/// whatever the working directory.</summary>
public sealed class AppPaths(MusicDashboardOptions options, string baseDirectory)
{
    public MusicDashboardOptions Options { get; } = options;
    public string BaseDirectory { get; } = Path.GetFullPath(baseDirectory);

    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(BaseDirectory, path));

    public string DataFolder => Resolve(Options.DataFolder);
    public string DatabasePath => Resolve(Options.Database);
    public string DemoCorpusFolder => Path.Combine(DataFolder, "demo-corpus");
    public string RunsFolder => Path.Combine(DataFolder, "runs");
    /// <summary>Per-track pooled features keyed by file hash and settings (runs, `features`, `train`, `reproduce`).</summary>
    public string FeatureCacheFolder => Path.Combine(DataFolder, "feature-cache");
    public bool UsesDemoCorpus => string.IsNullOrWhiteSpace(Options.DatasetPath) || Options.DatasetPath.Trim() == "demo";
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
