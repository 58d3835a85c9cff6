namespace MusicDashboard.Core.Demo;

public sealed record DemoCorpusResult(string Root, int Tracks, int LyricFiles, TimeSpan Elapsed);
