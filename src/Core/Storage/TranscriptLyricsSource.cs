using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Lyrics;

namespace MusicDashboard.Core.Storage;

/// <summary>
/// Lyric text for fusion runs from the transcript store: a track's Whisper transcript when one was made (a window judged
/// instrumental counts as no lyrics), otherwise its sidecar text file. Loaded once per run, so training never waits on the
/// database.
/// </summary>
public sealed class TranscriptLyricsSource : ILyricsSource
{
    private readonly Dictionary<string, TranscriptEntity> _whisper;
    private readonly SidecarLyricsSource _sidecar = new();

    public string Name { get; }

    public TranscriptLyricsSource(DbContextOptions<MusicDbContext> options, string datasetRoot)
    {
        using var db = new MusicDbContext(options);
        var rows = db.Transcripts.AsNoTracking()
            .Where(t => t.Source.StartsWith(TranscriptStore.WhisperSourcePrefix))
            .Join(db.Tracks.AsNoTracking().Where(k => k.DatasetRoot == datasetRoot), t => t.TrackId, k => k.Id, (t, k) => new { k.RelativePath, Transcript = t })
            .ToList();
        _whisper = rows.GroupBy(r => r.RelativePath, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Transcript.CreatedAt).First().Transcript, StringComparer.Ordinal);
        var models = _whisper.Values.Select(t => t.Source).Distinct().Order(StringComparer.Ordinal).ToList();
        Name = models.Count == 0 ? "sidecar" : $"{string.Join("+", models)}, else sidecar";
    }

    public string? TextOf(TrackFile track)
    {
        if (_whisper.TryGetValue(track.RelativePath.Replace('\\', '/'), out var t))
            return t.NoVocalsDetected ? null : t.Text;
        return _sidecar.TextOf(track);
    }
}
