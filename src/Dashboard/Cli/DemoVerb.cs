using MusicDashboard.Core.Demo;

namespace MusicDashboard.Dashboard.Cli;

public static class DemoVerb
{
    public static Verb Definition { get; } = new("demo", "write the synthetic demo corpus (GTZAN layout, WAV + lyric sidecars)",
    [
        new("out", "dir", "folder to write into (genres/<genre>/<genre>.000NN.wav)", Required: true),
        new("tracks-per-genre", "N", "tracks per genre (default 10)"),
        new("seed", "S", "random seed; the same seed gives the same bytes (default 42)"),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var options = new DemoCorpusOptions(TracksPerGenre: a.GetInt("tracks-per-genre", 10, 1, 10000), Seed: a.GetInt("seed", 42));
        var outDir = Path.GetFullPath(a.Require("out"));
        var lastPercent = -1;
        var result = DemoCorpus.Generate(outDir, options, new SyncProgress<DemoProgress>(p =>
        {
            var percent = 100 * p.Done / Math.Max(1, p.Total);
            if (percent / 10 == lastPercent / 10 && p.Done != p.Total) return;
            lastPercent = percent;
            Console.WriteLine($"[demo] {p.Done}/{p.Total} tracks ({percent}%)");
        }), ct);
        Console.WriteLine($"[demo] wrote {result.Tracks} tracks ({DemoCorpus.GenreNames.Count} genres, {result.LyricFiles} lyric sidecars) to {result.Root} in {result.Elapsed.TotalSeconds:0.0} s");
        return Task.FromResult(0);
    }
}
