using System.Diagnostics;
using System.Globalization;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Features;
using Xunit.Abstractions;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>
/// Opt-in: our GTZAN-57 table on whole GTZAN files against Kaggle's features_30_sec.csv (computed by librosa, version not
/// stated, on the same files). Runs only when the local copy exists (the folders below, or MUSICDASH_GTZAN_DEV /
/// MUSICDASH_GTZAN_FEATURES_CSV pointing elsewhere); otherwise it writes "SKIPPED" with the reason and passes. Nothing of
/// that data is in the repository. Only files whose sample count equals the CSV's length column are compared (the local
/// copy has some files cut to 15-20 s; GTZAN's own lengths vary between 661100 and 669680 samples). Two configurations: our
/// defaults (librosa 0.10) and the table's own settings; reports the median relative difference per column and the tempo agreement.
/// </summary>
public sealed class GtzanKaggleReferenceTests(ITestOutputHelper output)
{
    private static readonly string DevRoot = Environment.GetEnvironmentVariable("MUSICDASH_GTZAN_DEV") ?? "/work/shared/data/gtzan-dev/genres";
    private static readonly string CsvPath = Environment.GetEnvironmentVariable("MUSICDASH_GTZAN_FEATURES_CSV") ?? "/work/shared/data/gtzan-features/features_30_sec.csv";

    /// <summary>
    /// Ceilings on the median relative difference per column, from the runs recorded in docs/features.md (74 files) with
    /// headroom. The means of the harmonic and percussive waveforms are near 0 by construction, so their relative
    /// difference is noise: reported, not bounded. Our defaults (librosa 0.10: zero-padded STFT, onset mean) differ from
    /// the table by the padding of the first and last frames (about 1e-3) and in the tempo of 22 of 74 files (the table
    /// took the median over mel bands); with the table's own settings everything agrees to float32 rounding.
    /// </summary>
    private static double MedianCeiling(string column, bool kaggleSettings) => column switch
    {
        "harmony_mean" or "perceptr_mean" => double.PositiveInfinity,
        "tempo" => kaggleSettings ? 1e-6 : 0.01,
        _ => kaggleSettings ? 1e-3 : 0.02,
    };

    [Fact]
    public void WholeGtzanFilesAgreeWithKagglesTable()
    {
        if (!Directory.Exists(DevRoot) || !File.Exists(CsvPath))
        {
            output.WriteLine($"SKIPPED: needs the GTZAN files under {DevRoot} and Kaggle's table at {CsvPath} " +
                "(set MUSICDASH_GTZAN_DEV / MUSICDASH_GTZAN_FEATURES_CSV to point elsewhere); nothing was compared.");
            return;
        }
        var table = ReadCsv(CsvPath);
        var files = Directory.GetFiles(DevRoot, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var defaults = new List<(string Name, float[] Values)>();
        var kaggle = new List<(string Name, float[] Values)>();
        var watch = new Stopwatch();
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            if (!table.TryGetValue(name, out var row)) continue;
            var audio = AudioLoader.Load(path, 22050);
            if (audio.Samples.Length != row.Length) continue; // cut in the local copy
            watch.Start();
            defaults.Add((name, GtzanSummaryFeatures.Batch([audio.Samples], new MfccSettings())[0]));
            watch.Stop();
            kaggle.Add((name, GtzanSummaryFeatures.Batch([audio.Samples], new MfccSettings(Pad: PadMode.Reflect), GtzanSummarySettings.Kaggle)[0]));
        }
        Assert.True(defaults.Count > 0, "no file of the table's length in common with it");
        output.WriteLine($"{defaults.Count} files of the table's length; {watch.Elapsed.TotalMilliseconds / defaults.Count:0} ms per 30-s file (defaults, one at a time)");
        var failures = Compare("our defaults (librosa 0.10: zero-padded STFT, onset mean)", defaults, table, kaggleSettings: false)
            .Concat(Compare("the table's settings (reflect-padded STFT and RMS, onset median)", kaggle, table, kaggleSettings: true)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private IEnumerable<string> Compare(string title, List<(string Name, float[] Values)> ours, Dictionary<string, KaggleRow> table, bool kaggleSettings)
    {
        var columns = GtzanSummaryFeatures.ColumnNames;
        var failures = new List<string>();
        output.WriteLine($"\n== {title}\n{"column",-24} {"median rel",10} {"p90 rel",10}");
        for (var k = 0; k < columns.Count; k++)
        {
            var relative = ours.Select(o => RelativeDifference(o.Values[k], table[o.Name].Values[k])).Order().ToArray();
            var median = Quantile(relative, 0.5);
            var ceiling = MedianCeiling(columns[k], kaggleSettings);
            output.WriteLine($"{columns[k],-24} {median,10:E2} {Quantile(relative, 0.9),10:E2}");
            if (!(median <= ceiling)) failures.Add($"{title}: {columns[k]} median relative difference {median:E2} > {ceiling:E0}");
        }
        var tempo = columns.ToList().IndexOf("tempo");
        int same = 0, octave = 0, other = 0;
        foreach (var (name, values) in ours)
        {
            var ratio = values[tempo] / table[name].Values[tempo];
            if (Math.Abs(ratio - 1) < 1e-4) same++;
            else if (new[] { 2.0, 0.5, 1.5, 2.0 / 3 }.Any(r => Math.Abs(ratio / r - 1) < 0.03)) octave++;
            else other++;
            if (Math.Abs(ratio - 1) >= 1e-4) output.WriteLine($"tempo {name}: ours {values[tempo]:0.###}, table {table[name].Values[tempo]:0.###}");
        }
        output.WriteLine($"tempo: {same} equal, {octave} at a ratio of 2, 1/2, 3/2 or 2/3, {other} otherwise");
        if (kaggleSettings && same != ours.Count) failures.Add($"{title}: tempo differs in {ours.Count - same} files");
        return failures;
    }

    private static double RelativeDifference(double ours, double theirs) => Math.Abs(ours - theirs) / Math.Max(Math.Abs(theirs), 1e-12);

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    private sealed record KaggleRow(int Length, double[] Values);

    /// <summary>filename, length, the 57 columns in our order (checked against the header), label.</summary>
    private static Dictionary<string, KaggleRow> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        Assert.Equal(["filename", "length", .. GtzanSummaryFeatures.ColumnNames, "label"], header);
        var rows = new Dictionary<string, KaggleRow>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            var values = cells[2..^1].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            rows[cells[0]] = new KaggleRow(int.Parse(cells[1], CultureInfo.InvariantCulture), values);
        }
        return rows;
    }
}
