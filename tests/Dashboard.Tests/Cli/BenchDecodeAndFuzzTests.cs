using MusicDashboard.Dashboard.Cli;

namespace MusicDashboard.Dashboard.Tests.Cli;

/// <summary><c>bench fuzz</c> and <c>bench decode</c> run end to end at a small size and print their figures.</summary>
[Collection("config folder")]
public class BenchDecodeAndFuzzTests
{
    private static async Task<(int Code, string[] Lines)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try { return (await Verbs.RunAsync(args), output.ToString().Split('\n')); }
        finally { Console.SetOut(original); }
    }

    [Fact]
    public async Task BenchFuzzCountsEveryCaseAndNoneBreaksTheRule()
    {
        var (code, lines) = await RunAsync("bench", "fuzz", "--cases", "500", "--no-ffmpeg");
        Assert.Equal(0, code);
        var summary = Assert.Single(lines, l => l.StartsWith("[bench] 500 cases in"));
        Assert.Contains("broke the rule: 0", summary);
        Assert.Contains(lines, l => l.StartsWith("[bench] slowest case: #"));
    }

    [Fact]
    public async Task BenchDecodePrintsEachFormat()
    {
        var (code, lines) = await RunAsync("bench", "decode", "--repeats", "1", "--no-peer");
        Assert.Equal(0, code);
        foreach (var label in new[] { "WAV PCM16 mono", "WAV PCM16 stereo", "AU PCM16 (GTZAN)", "AU mu-law" })
            Assert.Contains(lines, l => l.StartsWith($"[bench] {label}") && l.Contains('.'));
        Assert.Contains(lines, l => l.Contains("peer: not run (--no-peer)"));
    }
}
