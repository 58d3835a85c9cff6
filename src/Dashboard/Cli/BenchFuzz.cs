using System.Diagnostics;
using System.Text.RegularExpressions;
using MusicDashboard.Core.Audio;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>bench fuzz</c>: <see cref="DecoderFuzzer"/> at full size (100 000 cases by default; the suite runs 2000): cases per
/// second, how many were decoded and refused (by format, and the commonest reasons), every case that broke the rule
/// (another exception, a reason only the last-resort catch gave, an allocation over its bound), the slowest case, the
/// largest allocation per input byte and the process's peak memory. No peer: no fuzzing figure is published for
/// libsndfile that this could be set beside.
/// </summary>
public static class BenchFuzz
{
    public static IReadOnlyList<VerbOption> Options { get; } =
    [
        new("cases", "N", "fuzz: number of hostile inputs (default 100000)"),
        new("seed", "S", "fuzz: seed of the cases (default 16)"),
        new("ffmpeg-every", "N", "fuzz: every Nth case is a compressed file decoded by ffmpeg (default 500; a process each)"),
        new("no-ffmpeg", null, "fuzz: no compressed cases through ffmpeg"),
    ];

    public static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var cases = a.GetInt("cases", 100_000, 1, 100_000_000);
        var seed = a.GetInt("seed", 16, 0);
        const int rate = 22050;
        var folder = a.Has("no-ffmpeg") ? null : Directory.CreateTempSubdirectory("musicdash-fuzz-").FullName;
        try
        {
            var fuzzer = new DecoderFuzzer(seed, folder, a.GetInt("ffmpeg-every", 500, 2));
            Console.WriteLine($"[bench] fuzz: {cases} cases, seed {seed}, decoded at {rate} Hz through AudioLoader; {fuzzer.FfmpegStatus}; " +
                $"load average {LoadAverage.Text} on {Environment.ProcessorCount} cores");
            var results = new List<FuzzResult>(cases);
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < cases; i++)
            {
                ct.ThrowIfCancellationRequested();
                var r = fuzzer.Run(fuzzer.Case(i), rate);
                // Keep the figures, not the bytes: 100 000 cases' inputs would be the bench's own memory.
                results.Add(r with { Case = r.Case with { Bytes = [] }, Refusal = r.Refusal is null ? null : Reason(r.Refusal) });
                if (r.Failure is not null || r.OverAllocated)
                    Console.WriteLine($"[bench] BROKEN #{i} {r.Case.Format} {r.Case.Kind} ({r.Case.Bytes.Length} bytes): {r.Failure ?? $"allocated {r.AllocatedBytes} bytes > bound {r.AllocationBound}"}");
                if ((i + 1) % 20_000 == 0) Console.WriteLine($"[bench] ... {i + 1} cases, {sw.Elapsed.TotalSeconds:0} s");
            }
            var seconds = sw.Elapsed.TotalSeconds;
            var decoded = results.Count(r => r.Decoded);
            var broken = results.Count(r => r.Failure is not null || r.OverAllocated);
            Console.WriteLine($"[bench] {cases} cases in {seconds:0.0} s: {cases / seconds:0} cases/s; decoded {decoded}, refused {cases - decoded}; broke the rule: {broken}; load average {LoadAverage.Text} after");
            foreach (var g in results.GroupBy(r => r.Case.Format).OrderBy(g => g.Key))
                Console.WriteLine($"[bench]   {g.Key,-5} {g.Count(),7} cases: decoded {g.Count(r => r.Decoded),7}, refused {g.Count(r => !r.Decoded),7}, median {Median(g.Select(r => r.Milliseconds)):0.000} ms, slowest {g.Max(r => r.Milliseconds):0.0} ms");
            Console.WriteLine("[bench] commonest refusals:");
            foreach (var g in results.Where(r => !r.Decoded).GroupBy(r => r.Refusal).OrderByDescending(g => g.Count()).Take(12))
                Console.WriteLine($"[bench]   {g.Count(),7}  {g.Key}");
            var slowest = results.MaxBy(r => r.Milliseconds)!;
            Console.WriteLine($"[bench] slowest case: #{slowest.Case.Index} {slowest.Case.Format} {slowest.Case.Kind}: {slowest.Milliseconds:0.0} ms ({(slowest.Decoded ? $"decoded, {slowest.Samples} samples" : slowest.Refusal)})");
            var native = results.Where(r => !r.Case.ViaFfmpeg).ToList();
            var heaviest = native.MaxBy(r => r.AllocatedBytes)!;
            Console.WriteLine($"[bench] largest allocation (WAV/AU): #{heaviest.Case.Index} {heaviest.Case.Kind}: {heaviest.AllocatedBytes / 1024.0:0} KB, bound {heaviest.AllocationBound / 1024.0:0} KB");
            Console.WriteLine($"[bench] peak working set of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0} MB");
            return Task.FromResult(broken == 0 ? 0 : 1);
        }
        finally
        {
            if (folder is not null) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The refusal without the file name and with numbers as N, so equal reasons group.</summary>
    private static string Reason(string message) =>
        Regex.Replace(message[(message.IndexOf(": ", StringComparison.Ordinal) + 2)..], @"-?\d+(\.\d+)?", "N");

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count == 0 ? double.NaN : v[v.Count / 2];
    }
}
