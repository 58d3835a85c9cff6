namespace MusicDashboard.Core.Demo;

public sealed record DemoProgress(int Done, int Total, string CurrentFile);
