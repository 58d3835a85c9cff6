namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>A user's own small collection in the GTZAN layout: one good WAV and one corrupt file (GTZAN has jazz.00054).</summary>
public sealed class OwnDatasetServer : DashboardServer
{
    public const string DatasetFolder = "my-music";

    protected override string PrepareDataset()
    {
        var genres = Path.Combine(Folder, DatasetFolder, "genres");
        Directory.CreateDirectory(Path.Combine(genres, "blues"));
        Directory.CreateDirectory(Path.Combine(genres, "jazz"));
        File.Copy(TestPaths.Fixture("librosa/signal_a.wav"), Path.Combine(genres, "blues", "blues.00000.wav"));
        File.WriteAllText(Path.Combine(genres, "jazz", "jazz.00054.wav"), "this is not audio, just text with a .wav name");
        return DatasetFolder; // relative: resolved against the configuration folder
    }
}

/// <summary>A configured dataset folder that does not exist.</summary>
public sealed class MissingDatasetServer : DashboardServer
{
    public const string DatasetFolder = "no-such-folder";

    protected override string PrepareDataset() => DatasetFolder;
}
