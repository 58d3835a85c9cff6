using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Features;

/// <summary>One 10-second clip of a track, the unit the study clusters.</summary>
public sealed record ClipInfo(int TrackIndex, TrackFile Track, int ClipIndex, double OffsetSeconds);

/// <summary>A file that could not be used, and why. Listed in the run's report; the run goes on without it.</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>Per-clip feature vectors, one row per clip, aligned with <see cref="Clips"/>.</summary>
public sealed record ClipFeatureTable(IReadOnlyList<ClipInfo> Clips, float[][] Features, IReadOnlyList<SkippedFile> Skipped)
{
    public int TracksUsed => Clips.Select(c => c.TrackIndex).Distinct().Count();

    /// <summary>Names of the feature columns, in order.</summary>
    public IReadOnlyList<string> ColumnNames { get; init; } = [];

    /// <summary>Cache hits, misses and corrupt entries when a cache directory was given; null otherwise.</summary>
    public FeatureCacheStats? Cache { get; init; }

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
/// Stage "clips -> features": streams the tracks of a scan in groups (decoding on both cores, so memory holds a group's
/// waveforms, never the collection's), cuts the fixed-length clips and computes one vector per clip in batches: the
/// pooled MFCC (<see cref="Extract"/>), the summary vector (<see cref="ExtractSummary"/>) or the GTZAN-57 vector
/// (<see cref="ExtractGtzanSummary"/>). With a cache directory,
/// tracks whose bytes and parameters were seen before are read from the cache instead (see <see cref="FeatureCache"/>).
/// Unreadable files are skipped and listed, never fatal unless nothing is left.
/// </summary>
public static class CollectionFeatures
{
    // Tracks decoded per group: 8 x 30 s at 22050 Hz is ~21 MB of waveforms, and enough work to keep both cores busy.
    private const int TracksPerGroup = 8;

    public static ClipFeatureTable Extract(DatasetScan scan, ClipPolicy policy, MfccSettings settings,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, string? cacheDirectory = null)
    {
        var names = Enumerable.Range(0, settings.NMfcc).Select(k => $"mfcc{k}_mean")
            .Concat(settings.Pooling == MfccPooling.MeanStd ? Enumerable.Range(0, settings.NMfcc).Select(k => $"mfcc{k}_std") : []).ToList();
        var kind = settings.Pooling == MfccPooling.MeanStd ? "mfcc-meanstd" : "mfcc-mean";
        return Run(scan, policy, settings, new { kind, settings, policy }, names, clips => MfccFeatures.PooledBatch(clips, settings), progress, ct, cacheDirectory);
    }

    /// <summary>The summary vector per clip (MFCC mean+std, chroma mean/std, spectral statistics, ZCR, RMS).</summary>
    public static ClipFeatureTable ExtractSummary(DatasetScan scan, ClipPolicy policy, MfccSettings settings, SummarySettings summary,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, string? cacheDirectory = null) =>
        Run(scan, policy, settings, new { kind = "summary", settings, summary, policy }, SummaryFeatures.ColumnNames(settings, summary),
            clips => SummaryFeatures.Batch(clips, settings, summary), progress, ct, cacheDirectory);

    /// <summary>Log-mel band statistics per clip (mean and std of each band's dB values over time).</summary>
    public static ClipFeatureTable ExtractLogMelStats(DatasetScan scan, ClipPolicy policy, MfccSettings settings,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, string? cacheDirectory = null) =>
        Run(scan, policy, settings, new { kind = "logmel-stats", settings, policy },
            [.. Enumerable.Range(0, settings.NMels).Select(b => $"mel{b}_mean"), .. Enumerable.Range(0, settings.NMels).Select(b => $"mel{b}_std")],
            clips => MfccFeatures.LogMelStatsBatch(clips, settings), progress, ct, cacheDirectory);

    /// <summary>
    /// The GTZAN-57 vector per clip (Kaggle's features_30_sec.csv layout: chroma, RMS, spectral, ZCR, HPSS waveform and
    /// tempo statistics, 20 MFCC means and variances); the MFCC count is fixed at 20 whatever <paramref name="settings"/> says.
    /// </summary>
    public static ClipFeatureTable ExtractGtzanSummary(DatasetScan scan, ClipPolicy policy, MfccSettings settings,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, string? cacheDirectory = null,
        GtzanSummarySettings? gtzan = null)
    {
        var effective = GtzanSummaryFeatures.Effective(settings);
        gtzan ??= new GtzanSummarySettings();
        return Run(scan, policy, effective, new { kind = "gtzan57", settings = effective, gtzan, policy }, GtzanSummaryFeatures.ColumnNames,
            clips => GtzanSummaryFeatures.Batch(clips, effective, gtzan), progress, ct, cacheDirectory);
    }

    private sealed record TrackWork(int Index, string? ContentHash, IReadOnlyList<Clip>? Clips, CachedTrack? Cached, SkippedFile? Skip);

    private static ClipFeatureTable Run(DatasetScan scan, ClipPolicy policy, MfccSettings settings, object parameters, IReadOnlyList<string> names,
        Func<IReadOnlyList<float[]>, float[][]> compute, IProgress<(int Done, int Total)>? progress, CancellationToken ct, string? cacheDirectory)
    {
        settings.Validate();
        if (policy.Problems().FirstOrDefault() is { } problem) throw new ArgumentException(problem);
        var cache = cacheDirectory is null ? null : new FeatureCache(cacheDirectory, FeatureCache.ParameterKey(parameters), parameters);
        var width = names.Count;
        var infos = new List<ClipInfo>();
        var features = new List<float[]>();
        var skipped = new List<SkippedFile>();
        var total = scan.Files.Count;
        for (var first = 0; first < total; first += TracksPerGroup)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(TracksPerGroup, total - first);
            var group = new TrackWork[count];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
                j => group[j] = Load(scan.Files[first + j], first + j, policy, settings.SampleRate, cache, width));

            // Features of the clips that were not in the cache, all of the group's in batches of equal-length clips.
            var pending = group.Where(g => g.Clips is not null).SelectMany(g => g.Clips!.Select(c => (Work: g, Clip: c))).ToList();
            var computed = new float[pending.Count][];
            // Small batches: measured on 2 cores, 4 ten-second clips per STFT (~14 MB complex) ran at ~7 ms a clip, while 8
            // (~28 MB) took 20-29 ms and 32 far longer: big short-lived buffers cost more in allocation than batching saves.
            const int batch = 4;
            for (var start = 0; start < pending.Count; start += batch)
            {
                ct.ThrowIfCancellationRequested();
                var n = Math.Min(batch, pending.Count - start);
                var vectors = compute(pending.GetRange(start, n).Select(p => p.Clip.Samples).ToList());
                Array.Copy(vectors, 0, computed, start, n);
            }

            var next = 0;
            foreach (var work in group)
            {
                if (work.Skip is not null) { skipped.Add(work.Skip); continue; }
                var track = scan.Files[work.Index];
                CachedTrack entry;
                if (work.Cached is not null) entry = work.Cached;
                else
                {
                    var clips = work.Clips!;
                    entry = new CachedTrack(clips.Select(c => c.OffsetSeconds).ToArray(), computed.AsSpan(next, clips.Count).ToArray());
                    next += clips.Count;
                    if (cache is not null && work.ContentHash is not null) cache.Write(work.ContentHash, entry);
                }
                for (var c = 0; c < entry.Offsets.Length; c++)
                {
                    infos.Add(new ClipInfo(work.Index, track, c, entry.Offsets[c]));
                    features.Add(entry.Features[c]);
                }
            }
            progress?.Report((first + count, total));
        }

        if (infos.Count == 0)
            throw new DatasetException($"none of the {scan.Files.Count} files under '{scan.Root}' could be used: " +
                string.Join("; ", skipped.Take(5).Select(s => $"{Path.GetFileName(s.Path)}: {s.Reason}")));
        return new ClipFeatureTable(infos, features.ToArray(), skipped) { ColumnNames = names, Cache = cache?.Stats };
    }

    /// <summary>One track: its cached clips, or its decoded clips, or the reason it is skipped. Never throws for a bad file.</summary>
    private static TrackWork Load(TrackFile file, int index, ClipPolicy policy, int sampleRate, FeatureCache? cache, int width)
    {
        try
        {
            string? hash = null;
            AudioBuffer audio;
            if (cache is null) audio = AudioLoader.Load(file.FullPath, sampleRate);
            else
            {
                var bytes = AudioFile.ReadAllBytes(file.FullPath);
                hash = FeatureCache.ContentHash(bytes);
                if (cache.TryRead(hash, width) is { } cached) return new TrackWork(index, hash, null, cached, null);
                audio = AudioLoader.Decode(bytes, file.FullPath, sampleRate);
            }
            var clips = Clipper.Cut(audio, policy);
            return clips.Count == 0
                ? new TrackWork(index, hash, null, null, new SkippedFile(file.FullPath, policy.LoopShort && !policy.PadLast
                    ? $"too short to describe ({audio.DurationSeconds:0.##} s; at least {ClipPolicy.MinimumSeconds} s is needed)"
                    : $"shorter than one {policy.Seconds:0.#}-s clip ({audio.DurationSeconds:0.##} s)"))
                : new TrackWork(index, hash, clips, null, null);
        }
        catch (AudioDecodeException e)
        {
            return new TrackWork(index, null, null, null, new SkippedFile(file.FullPath, e.Reason));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TrackWork(index, null, null, null, new SkippedFile(file.FullPath, e.Message));
        }
    }
}
