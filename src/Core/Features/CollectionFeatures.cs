using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Features;

/// <summary>One 10-second clip of a track, the unit the study clusters.</summary>
public sealed record ClipInfo(int TrackIndex, TrackFile Track, int ClipIndex, double OffsetSeconds);

/// <summary>A file that could not be used, and why. Listed in the run's report; the run goes on without it.</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>Pooled MFCC vectors, one row per clip, aligned with <see cref="Clips"/>.</summary>
public sealed record ClipFeatureTable(IReadOnlyList<ClipInfo> Clips, float[][] Features, IReadOnlyList<SkippedFile> Skipped)
{
    public int TracksUsed => Clips.Select(c => c.TrackIndex).Distinct().Count();

    /// <summary>Genre of every clip as a class index into <paramref name="genres"/>, or null when any clip has no genre.</summary>
    public int[]? GenreLabels(out IReadOnlyList<string> genres)
    {
        var names = Clips.Select(c => c.Track.Genre).Distinct().ToList();
        genres = names.Where(n => n is not null).Select(n => n!).Order(StringComparer.Ordinal).ToList();
        if (names.Any(n => n is null)) return null;
        var index = genres.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i);
        return Clips.Select(c => index[c.Track.Genre!]).ToArray();
    }
}

/// <summary>
/// Stage "clips -> features": decodes every track of a scan (both cores), cuts the fixed-length clips and computes the
/// pooled MFCC vector of each clip in batches. Unreadable files are skipped and listed, never fatal unless nothing is left.
/// </summary>
public static class CollectionFeatures
{
    public static ClipFeatureTable Extract(DatasetScan scan, ClipPolicy policy, MfccSettings settings,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default)
    {
        var decoded = new (IReadOnlyList<Clip>? Clips, SkippedFile? Skip)[scan.Files.Count];
        var total = scan.Files.Count * 2; // decoding, then features: one step each per track
        var done = 0;
        Parallel.For(0, scan.Files.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var file = scan.Files[i];
            try
            {
                var audio = AudioLoader.Load(file.FullPath, settings.SampleRate);
                var clips = Clipper.Cut(audio, policy);
                decoded[i] = clips.Count == 0
                    ? (null, new SkippedFile(file.FullPath, $"shorter than one {policy.Seconds:0.#}-s clip ({audio.DurationSeconds:0.##} s)"))
                    : (clips, null);
            }
            catch (AudioDecodeException e)
            {
                decoded[i] = (null, new SkippedFile(file.FullPath, e.Reason));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                decoded[i] = (null, new SkippedFile(file.FullPath, e.Message));
            }
            progress?.Report((Interlocked.Increment(ref done), total));
        });

        var infos = new List<ClipInfo>();
        var samples = new List<float[]>();
        for (var i = 0; i < decoded.Length; i++)
        {
            foreach (var clip in decoded[i].Clips ?? [])
            {
                infos.Add(new ClipInfo(i, scan.Files[i], clip.Index, clip.OffsetSeconds));
                samples.Add(clip.Samples);
            }
        }
        var skipped = decoded.Where(d => d.Skip is not null).Select(d => d.Skip!).ToList();
        if (infos.Count == 0)
            throw new DatasetException($"none of the {scan.Files.Count} files under '{scan.Root}' could be used: " +
                string.Join("; ", skipped.Take(5).Select(s => $"{System.IO.Path.GetFileName(s.Path)}: {s.Reason}")));

        // MFCC in batches on this thread: torch parallelises inside each batch, so more threads would only oversubscribe.
        // Small batches: measured on 2 cores, 4 ten-second clips per STFT (~14 MB complex) ran at ~7 ms a clip, while 8
        // (~28 MB) took 20-29 ms and 32 far longer: big short-lived buffers cost more in allocation than batching saves.
        const int batch = 4;
        var features = new float[samples.Count][];
        for (var start = 0; start < samples.Count; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(batch, samples.Count - start);
            var pooled = MfccFeatures.PooledBatch(samples.GetRange(start, count), settings);
            Array.Copy(pooled, 0, features, start, count);
            progress?.Report((scan.Files.Count + infos[start + count - 1].TrackIndex + 1, total));
        }
        return new ClipFeatureTable(infos, features, skipped);
    }
}
