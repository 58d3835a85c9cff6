using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Features;

/// <summary>
/// Stage "clips -> features": one pass over a scan that decodes each file once and computes every requested per-clip
/// feature from the same clips and the same spectrogram (<see cref="ClipSpectra"/>): the pooled MFCC (<see cref="Extract"/>),
/// the summary vector (<see cref="ExtractSummary"/>), the log-mel statistics, the GTZAN-57 vector, and the Conv-VAE's
/// log-mel images, in any combination (<see cref="ExtractSet"/>). Tracks are streamed in groups (decoding on both cores, so
/// memory holds a group's waveforms, never the collection's). With a cache directory, a track whose bytes and parameters
/// were seen before is read from each feature's cache instead (see <see cref="FeatureCache"/>), and not decoded at all
/// when every requested feature was cached and no images are asked for. Unreadable files are skipped and listed, never
/// fatal unless nothing is left.
/// </summary>
public static class CollectionFeatures
{
    // Tracks decoded per group: 8 x 30 s at 22050 Hz is ~21 MB of waveforms. They are decoded on TorchRuntime.Threads threads
    // (MusicDashboard:Threads), the one setting every parallel loop of the features follows.
    private const int TracksPerGroup = 8;

    public static ClipFeatureTable Extract(DatasetScan scan, ClipPolicy policy, MfccSettings settings,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, string? cacheDirectory = null) =>
        ExtractSet(scan, policy, [ClipFeature.Mfcc(settings, policy)], null, progress, ct, cacheDirectory).Tables[0];

    /// <summary>The summary vector per clip (MFCC mean+std, chroma mean/std, spectral statistics, ZCR, RMS).</summary>
    public static ClipFeatureTable ExtractSummary(DatasetScan scan, ClipPolicy policy, MfccSettings settings, SummarySettings summary,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, string? cacheDirectory = null) =>
        ExtractSet(scan, policy, [ClipFeature.Summary(settings, summary, policy)], null, progress, ct, cacheDirectory).Tables[0];

    /// <summary>
    /// The GTZAN-57 vector per clip (Kaggle's features_30_sec.csv layout: chroma, RMS, spectral, ZCR, HPSS waveform and
    /// tempo statistics, 20 MFCC means and variances); the MFCC count is fixed at 20 whatever <paramref name="settings"/> says.
    /// </summary>
    public static ClipFeatureTable ExtractGtzanSummary(DatasetScan scan, ClipPolicy policy, MfccSettings settings,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, string? cacheDirectory = null,
        GtzanSummarySettings? gtzan = null) =>
        ExtractSet(scan, policy, [ClipFeature.Gtzan57(settings, policy, gtzan)], null, progress, ct, cacheDirectory).Tables[0];

    private sealed record TrackWork(int Index, IReadOnlyList<Clip>? Clips, CachedTrack?[] Cached, SkippedFile? Skip, AudioFacts? Audio = null);

    /// <summary>
    /// Every feature of <paramref name="features"/> (one table each, in that order, with the same clips) and, when
    /// <paramref name="images"/> gives their settings, the log-mel image of every clip, from one decode per file.
    /// <paramref name="decoder"/> replaces <see cref="AudioLoader.Read"/> (tests count decodes with it).
    /// </summary>
    public static CollectionFeatureSet ExtractSet(DatasetScan scan, ClipPolicy policy, IReadOnlyList<ClipFeature> features, MfccSettings? images,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default, string? cacheDirectory = null, AudioDecoder? decoder = null)
    {
        if (features.Count == 0) throw new ArgumentException("no feature to extract");
        foreach (var f in features) f.Settings.Validate();
        images?.Validate();
        var sampleRate = features[0].Settings.SampleRate;
        if (features.Any(f => f.Settings.SampleRate != sampleRate) || (images is not null && images.SampleRate != sampleRate))
            throw new ArgumentException("the features of one pass share one sample rate");
        if (policy.Problems().FirstOrDefault() is { Message: { } problem }) throw new ArgumentException(problem);
        decoder ??= AudioLoader.Read;
        var caches = features.Select(f => cacheDirectory is null ? null : new FeatureCache(cacheDirectory, FeatureCache.ParameterKey(f.Parameters), f.Parameters)).ToArray();
        var infos = new List<ClipInfo>();
        var columns = features.Select(_ => new List<float[]>()).ToArray();
        var pictures = images is null ? null : new List<float[]>();
        int height = 0, width = 0;
        var skipped = new List<SkippedFile>();
        var decoded = new Dictionary<string, AudioFacts>();
        var total = scan.Files.Count;
        for (var first = 0; first < total; first += TracksPerGroup)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(TracksPerGroup, total - first);
            var group = new TrackWork[count];
            var hashes = new string?[count];
            Parallel.For(0, count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(1, MusicDashboard.Core.Runtime.TorchRuntime.Threads) },
                j => group[j] = Load(scan.Files[first + j], first + j, policy, sampleRate, features, caches, images is not null, decoder, out hashes[j]));

            // What the group's decoded clips need: every feature some track lacks in the cache, and the images. All of the
            // group's clips in batches of equal-length clips, each batch's spectrogram computed once for all of them.
            var pending = group.Where(g => g.Clips is not null).SelectMany(g => g.Clips!).ToList();
            var wanted = Enumerable.Range(0, features.Count).Where(k => group.Any(g => g.Clips is not null && g.Cached[k] is null)).ToArray();
            var computed = features.Select(_ => new float[pending.Count][]).ToArray();
            var pictured = new float[pending.Count][];
            // Small batches: measured on 2 cores, 4 ten-second clips per STFT (~14 MB complex) ran at ~7 ms a clip, while 8
            // (~28 MB) took 20-29 ms and 32 far longer: big short-lived buffers cost more in allocation than batching saves.
            const int batch = 4;
            for (var start = 0; start < pending.Count; start += batch)
            {
                ct.ThrowIfCancellationRequested();
                var n = Math.Min(batch, pending.Count - start);
                using var scope = TorchSharp.torch.NewDisposeScope();
                var spectra = new ClipSpectra(pending.GetRange(start, n).Select(c => c.Samples).ToList());
                foreach (var k in wanted) Array.Copy(features[k].Compute(spectra), 0, computed[k], start, n);
                if (images is null) continue;
                var db = spectra.MelDb(images);
                (height, width) = ((int)db.shape[1], (int)db.shape[2]);
                var flat = db.ToFloats();
                for (var i = 0; i < n; i++) pictured[start + i] = flat.AsSpan(i * height * width, height * width).ToArray();
            }

            var next = 0;
            for (var j = 0; j < count; j++)
            {
                var work = group[j];
                if (work.Audio is { } facts) decoded[scan.Files[work.Index].FullPath] = facts;
                if (work.Skip is not null) { skipped.Add(work.Skip); continue; }
                var track = scan.Files[work.Index];
                var entries = new CachedTrack[features.Count];
                var clipCount = work.Clips?.Count ?? work.Cached[0]!.Offsets.Length;
                for (var k = 0; k < features.Count; k++)
                {
                    if (work.Cached[k] is { } cached) { entries[k] = cached; continue; }
                    var clips = work.Clips!;
                    entries[k] = new CachedTrack(clips.Select(c => c.OffsetSeconds).ToArray(), computed[k].AsSpan(next, clips.Count).ToArray());
                    if (caches[k] is { } cache && hashes[j] is { } hash) cache.Write(hash, entries[k]);
                }
                if (pictures is not null) pictures.AddRange(pictured.AsSpan(next, clipCount).ToArray());
                if (work.Clips is not null) next += work.Clips.Count;
                for (var c = 0; c < clipCount; c++)
                {
                    infos.Add(new ClipInfo(work.Index, track, c, entries[0].Offsets[c]));
                    for (var k = 0; k < features.Count; k++) columns[k].Add(entries[k].Features[c]);
                }
            }
            progress?.Report((first + count, total));
        }

        if (infos.Count == 0)
            throw new DatasetException($"none of the {scan.Files.Count} files under '{scan.Root}' could be used: " +
                string.Join("; ", skipped.Take(5).Select(s => $"{Path.GetFileName(s.Path)}: {s.Reason}")));
        var tables = features.Select((f, k) => new ClipFeatureTable(infos, columns[k].ToArray(), skipped) { ColumnNames = f.Names, Cache = caches[k]?.Stats, Audio = decoded }).ToList();
        return new CollectionFeatureSet(tables, pictures is null ? null : Flatten(pictures, height, width));
    }

    /// <summary>The images as one flat array; each clip's own array is let go as soon as it is copied.</summary>
    private static LogMelImageTable Flatten(List<float[]> pictures, int height, int width)
    {
        var size = (long)height * width;
        var values = new float[pictures.Count * size];
        for (var i = 0; i < pictures.Count; i++)
        {
            pictures[i].CopyTo(values, i * size);
            pictures[i] = [];
        }
        return new LogMelImageTable(values, pictures.Count, height, width);
    }

    /// <summary>
    /// One track: its cached entries, and its decoded clips when a feature is missing from the cache or images are wanted,
    /// or the reason it is skipped. Never throws for a bad file.
    /// </summary>
    private static TrackWork Load(TrackFile file, int index, ClipPolicy policy, int sampleRate, IReadOnlyList<ClipFeature> features,
        FeatureCache?[] caches, bool images, AudioDecoder decoder, out string? hash)
    {
        hash = null;
        var cached = new CachedTrack?[features.Count];
        try
        {
            byte[]? bytes = null;
            if (caches.Any(c => c is not null))
            {
                bytes = AudioFile.ReadAllBytes(file.FullPath);
                hash = FeatureCache.ContentHash(bytes);
                for (var k = 0; k < features.Count; k++) cached[k] = caches[k]?.TryRead(hash, features[k].Names.Count);
                if (!images && cached.All(c => c is not null)) return new TrackWork(index, null, cached, null);
            }
            var audio = decoder(file.FullPath, bytes, sampleRate);
            var clips = Clipper.Cut(audio, policy);
            return clips.Count == 0
                ? new TrackWork(index, null, cached, new SkippedFile(file.FullPath, policy.LoopShort && !policy.PadLast
                    ? $"too short to describe ({audio.DurationSeconds:0.##} s; at least {ClipPolicy.MinimumSeconds} s is needed)"
                    : $"shorter than one {policy.Seconds:0.#}-s clip ({audio.DurationSeconds:0.##} s)"), audio.File)
                : new TrackWork(index, clips, cached, null, audio.File);
        }
        catch (AudioDecodeException e)
        {
            return new TrackWork(index, null, cached, new SkippedFile(file.FullPath, e.Reason));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TrackWork(index, null, cached, new SkippedFile(file.FullPath, e.Message));
        }
    }
}
