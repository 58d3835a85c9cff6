namespace MusicDashboard.Dashboard.Cli;

/// <summary>How hard <see cref="LoadDriver"/> pushes: <see cref="Pages"/> page loads (GETs of the pages and the API),
/// <see cref="Concurrency"/> at a time, and <see cref="Watchers"/> SignalR clients watching a run of <see cref="Epochs"/>
/// epochs; with <see cref="MeasureAlone"/> the same run is first trained with nobody watching, for the slowdown.</summary>
public sealed record LoadOptions(int Pages = 200, int Watchers = 50, int Concurrency = 16, int Epochs = 60, bool MeasureAlone = true);
