using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Features;

/// <summary>Per-clip feature vectors, one row per clip, aligned with <see cref="Clips"/>.</summary>
public sealed record ClipFeatureTable(IReadOnlyList<ClipInfo> Clips, float[][] Features, IReadOnlyList<SkippedFile> Skipped)
{
    public int TracksUsed => Clips.Select(c => c.TrackIndex).Distinct().Count();

    /// <summary>Names of the feature columns, in order.</summary>
    public IReadOnlyList<string> ColumnNames { get; init; } = [];

    /// <summary>Cache hits, misses and corrupt entries when a cache directory was given; null otherwise.</summary>
    public FeatureCacheStats? Cache { get; init; }

    /// <summary>What the files this pass decoded hold (duration, rate, channels before resampling), by full path; files
    /// read from the cache are not decoded and not listed. The track catalogue takes them instead of decoding again.</summary>
    public IReadOnlyDictionary<string, AudioFacts> Audio { get; init; } = new Dictionary<string, AudioFacts>();

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
