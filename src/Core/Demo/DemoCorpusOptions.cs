namespace MusicDashboard.Core.Demo;

/// <summary>Size and seed of a demo corpus. The defaults give 100 tracks of 30 s at 22050 Hz, like a tenth of GTZAN.</summary>
public sealed record DemoCorpusOptions(int TracksPerGenre = 10, int Seed = 42, double TrackSeconds = 30, int SampleRate = 22050);
