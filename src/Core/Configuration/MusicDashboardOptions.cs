namespace MusicDashboard.Core.Configuration;

/// <summary>The "MusicDashboard" section of appsettings.json. Relative paths are relative to the folder holding that file.</summary>
public sealed class MusicDashboardOptions
{
    public const string Section = "MusicDashboard";

    /// <summary>Where the demo corpus, the feature cache, checkpoints and run outputs go.</summary>
    public string DataFolder { get; set; } = "data";
    /// <summary>The database engine: <c>sqlite</c> (the default, a file) or <c>postgresql</c>.</summary>
    public string DatabaseProvider { get; set; } = "sqlite";
    /// <summary>The SQLite database file, or with <see cref="DatabaseProvider"/> = postgresql the Npgsql connection string.</summary>
    public string Database { get; set; } = "data/musicdash.db";
    /// <summary>The music collection (GTZAN layout or any folder of audio). Empty: the synthetic demo corpus.</summary>
    public string DatasetPath { get; set; } = "";
    /// <summary>A whisper.cpp ggml model file for lyric transcription. Empty: transcription is unavailable (and says so).</summary>
    public string WhisperModelPath { get; set; } = "";
    /// <summary>CPU threads for TorchSharp; 0 = TorchRuntime.DefaultThreads (all cores for a verb; for the dashboard a core
    /// left to the web server and the rest shared between the concurrent runs).</summary>
    public int Threads { get; set; }
    /// <summary>Folders the dashboard's users may point a run at (besides the configured dataset and the demo corpus,
    /// which are always allowed). The command line is not restricted.</summary>
    public List<string> DatasetRoots { get; set; } = [];
    /// <summary>Who may use the dashboard: a signed-in account or an API key. Nothing configured: no sign-in (localhost only).</summary>
    public AuthenticationSettings Authentication { get; set; } = new();
    /// <summary>Body size and run-creation rate limits of the HTTP API and the hub.</summary>
    public RequestLimitSettings Requests { get; set; } = new();
    /// <summary>At start, take up the dashboard's runs a previous process left running (from their last checkpoint) or
    /// queued (queued again). False: they are marked interrupted and wait for the resume action (page, Runs list, API).</summary>
    public bool AutoResume { get; set; } = true;
    public DemoSettings Demo { get; set; } = new();
    /// <summary>Workers on other processes or machines, several dashboard instances (docs/scale-out.md). Off: one process.</summary>
    public ScaleOutSettings ScaleOut { get; set; } = new();

    public sealed class DemoSettings
    {
        public int TracksPerGenre { get; set; } = 10;
        public int Seed { get; set; } = 42;
    }
}
