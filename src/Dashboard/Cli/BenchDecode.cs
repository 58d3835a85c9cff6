using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MusicDashboard.Core.Audio;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>bench decode</c>: reading a 30-s file into mono float samples at its own rate (22 050 Hz, so no resampling: the
/// path <see cref="AudioLoader.Load"/> takes for a GTZAN file), ours beside soundfile (libsndfile, what librosa.load reads
/// with) timed on the same files in the same run by <see cref="PeerScript"/>; WAV PCM16 mono and stereo, AU PCM16 (GTZAN's
/// format) and AU mu-law. Medians of --repeats after a warm-up, the load average printed.
/// </summary>
public static class BenchDecode
{
    public const string PeerScript = "scripts/bench/soundfile_decode.py";
    private const int Rate = 22050, Seconds = 30;

    public static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var repeats = a.GetInt("repeats", 21, 1, 1000);
        var dir = Directory.CreateTempSubdirectory("musicdash-decode-").FullName;
        try
        {
            var files = MakeFiles(dir);
            Console.WriteLine($"[bench] decode: {Seconds}-s files at {Rate} Hz, read + decode to mono float32, median of {repeats} after a warm-up of 40 reads each; " +
                $"load average {LoadAverage.Text} on {Environment.ProcessorCount} cores");
            string peerNote = "not run (--no-peer)";
            var peer = a.Has("no-peer") ? null : Peer(files.Select(f => f.Path).ToList(), repeats, out peerNote);
            if (peer is { } found) peerNote = $"soundfile {found.GetProperty("soundfile").GetString()} (libsndfile {found.GetProperty("libsndfile").GetString()}), same files, same run";
            Console.WriteLine($"[bench] peer: {peerNote}");
            Console.WriteLine($"[bench] {"file",-26} {"ours ms",9} {"soundfile ms",13} {"ratio",8}");
            // Warm-up: every file 40 times, then a pause, so the timed calls run the JIT's optimised code (tiered compilation
            // promotes a method after 30 calls, in the background), as a long feature pass does.
            for (var i = 0; i < 40; i++) foreach (var f in files) AudioLoader.Load(f.Path, Rate);
            Thread.Sleep(500);
            foreach (var (label, path) in files)
            {
                ct.ThrowIfCancellationRequested();
                var samples = AudioLoader.Load(path, Rate).Samples.Length;
                // Each series starts from a collected heap: the warm-up's garbage is not charged to the first file timed
                // (the series' own garbage, an output array per read, is).
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var ours = BenchVerb.Median(repeats, () => AudioLoader.Load(path, Rate));
                var line = $"[bench] {label,-26} {ours,9:0.000}";
                if (peer is { } p && p.GetProperty("files").TryGetProperty(path, out var theirs))
                {
                    var t = theirs.GetProperty("median_ms").GetDouble();
                    var frames = theirs.GetProperty("frames").GetInt32();
                    line += $" {t,13:0.000} {t / ours,7:0.00}x" + (frames == samples ? "" : $"   (frames differ: ours {samples}, soundfile {frames})");
                }
                Console.WriteLine(line);
            }
            Console.WriteLine($"[bench] ratio = soundfile's time / ours (above 1: ours is faster); load average {LoadAverage.Text} after");
            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The files timed: a seeded music-like signal (two tones and noise), written in each format.</summary>
    private static List<(string Label, string Path)> MakeFiles(string dir)
    {
        var rng = new Random(18);
        var n = Rate * Seconds;
        var y = new float[n];
        for (var i = 0; i < n; i++) y[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 220 * i / Rate) + 0.2 * Math.Sin(2 * Math.PI * 331 * i / Rate) + 0.05 * (rng.NextDouble() * 2 - 1));
        var wav = Path.Combine(dir, "pcm16-mono.wav");
        WavWriter.WritePcm16(wav, y, Rate);
        var stereo = Path.Combine(dir, "pcm16-stereo.wav");
        File.WriteAllBytes(stereo, StereoWav(y));
        var au = Path.Combine(dir, "pcm16.au");
        AuWriter.WritePcm16(au, y, Rate);
        var mulaw = Path.Combine(dir, "mulaw.au");
        File.WriteAllBytes(mulaw, MuLawAu(y));
        return [("WAV PCM16 mono", wav), ("WAV PCM16 stereo", stereo), ("AU PCM16 (GTZAN)", au), ("AU mu-law", mulaw)];
    }

    private static byte[] StereoWav(float[] y)
    {
        var mono = WavWriter.EncodePcm16(y, Rate);
        var data = new byte[4 * y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var s = BinaryPrimitives.ReadInt16LittleEndian(mono.AsSpan(WavWriter.HeaderBytes + 2 * i));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4 * i), s);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4 * i + 2), (short)(-s / 2));
        }
        var b = new byte[WavWriter.HeaderBytes + data.Length];
        mono.AsSpan(0, WavWriter.HeaderBytes).CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), 36 + data.Length);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(22), 2);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(28), Rate * 4);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(32), 4);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(40), data.Length);
        data.CopyTo(b, WavWriter.HeaderBytes);
        return b;
    }

    /// <summary>An 8-bit mu-law AU: each sample as the G.711 byte whose value is nearest.</summary>
    private static byte[] MuLawAu(float[] y)
    {
        var values = Enumerable.Range(0, 256).Select(b => (Byte: (byte)b, Value: AuReader.MuLaw((byte)b) / 32768.0)).OrderBy(v => v.Value).ToArray();
        var keys = values.Select(v => v.Value).ToArray();
        var b = new byte[24 + y.Length];
        ".snd"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), 24);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), (uint)y.Length);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(12), 1);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), Rate);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), 1);
        for (var i = 0; i < y.Length; i++)
        {
            var k = Array.BinarySearch(keys, (double)y[i]);
            if (k < 0) k = Math.Min(~k, keys.Length - 1);
            b[24 + i] = values[k].Byte;
        }
        return b;
    }

    /// <summary>Runs the soundfile script on the files; null (and why, in <paramref name="note"/>) when it cannot run.</summary>
    internal static JsonElement? Peer(IReadOnlyList<string> files, int repeats, out string note)
    {
        if (RepositoryScripts.Find(PeerScript) is not { } script) { note = "none: " + RepositoryScripts.Missing(PeerScript); return null; }
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        try
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { script, "--repeats", repeats.ToString(CultureInfo.InvariantCulture) }.Concat(files)) start.ArgumentList.Add(arg);
            using var p = Process.Start(start)!;
            var error = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                var last = error.Result.Trim().Split('\n').LastOrDefault() ?? "";
                note = last.Contains("No module named 'soundfile'") ? "none: soundfile is not installed (apt-get install python3-soundfile)" : $"none: the script failed ({last})";
                return null;
            }
            note = "";
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        catch (System.ComponentModel.Win32Exception) { note = $"none: {python} not found"; return null; }
    }
}
