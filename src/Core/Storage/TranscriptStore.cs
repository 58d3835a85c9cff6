using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Core.Storage;

/// <summary>
/// The transcripts of the collection's tracks: queries for the dashboard, the cache check and write for the Whisper job,
/// and the import of lyric sidecars (<c>&lt;track&gt;.txt</c>, or <c>&lt;track&gt;.lrc</c> with its timestamps stripped).
/// One short-lived context per call, so it is safe from any thread.
/// </summary>
public static partial class TranscriptStore
{
    public const string SidecarSource = "sidecar";
    public const string WhisperSourcePrefix = "whisper:";

    /// <summary>The source name of transcripts made with a model file: "whisper:&lt;file name&gt;".</summary>
    public static string WhisperSource(string modelPath) => WhisperSourcePrefix + Path.GetFileName(modelPath);

    /// <summary>Every transcript of one track, Whisper ones first (newest first), then the sidecar.</summary>
    public static IReadOnlyList<TranscriptEntity> ForTrack(DbContextOptions<MusicDbContext> options, int trackId)
    {
        using var db = new MusicDbContext(options);
        return Order(db.Transcripts.AsNoTracking().Where(t => t.TrackId == trackId).ToList());
    }

    public static async Task<IReadOnlyList<TranscriptEntity>> ForTrackAsync(DbContextOptions<MusicDbContext> options, int trackId, CancellationToken ct = default)
    {
        await using var db = new MusicDbContext(options);
        return Order(await db.Transcripts.AsNoTracking().Where(t => t.TrackId == trackId).ToListAsync(ct));
    }

    /// <summary>Transcripts of many tracks at once (a table page), by track id; tracks without any are absent.</summary>
    public static async Task<IReadOnlyDictionary<int, IReadOnlyList<TranscriptEntity>>> ForTracksAsync(DbContextOptions<MusicDbContext> options,
        IReadOnlyCollection<int> trackIds, CancellationToken ct = default)
    {
        await using var db = new MusicDbContext(options);
        var rows = await db.Transcripts.AsNoTracking().Where(t => trackIds.Contains(t.TrackId)).ToListAsync(ct);
        return rows.GroupBy(t => t.TrackId).ToDictionary(g => g.Key, g => Order(g.ToList()));
    }

    private static IReadOnlyList<TranscriptEntity> Order(List<TranscriptEntity> rows) =>
        rows.OrderBy(t => t.Source == SidecarSource).ThenByDescending(t => t.CreatedAt).ToList();

    /// <summary>The stored transcript of this track from this source when it was made from the same file content.</summary>
    public static TranscriptEntity? Cached(DbContextOptions<MusicDbContext> options, int trackId, string source, string contentHash)
    {
        using var db = new MusicDbContext(options);
        return db.Transcripts.AsNoTracking().FirstOrDefault(t => t.TrackId == trackId && t.Source == source && t.ContentHash == contentHash);
    }

    /// <summary>Stores a transcript, replacing the track's previous one from the same source.</summary>
    public static void Save(DbContextOptions<MusicDbContext> options, TranscriptEntity transcript) =>
        ConcurrentWrite.Retry(() => SaveOnce(options, transcript));

    private static bool SaveOnce(DbContextOptions<MusicDbContext> options, TranscriptEntity transcript)
    {
        using var db = new MusicDbContext(options);
        var old = db.Transcripts.Where(t => t.TrackId == transcript.TrackId && t.Source == transcript.Source).ToList();
        db.Transcripts.RemoveRange(old);
        transcript.Id = 0;
        if (transcript.CreatedAt == default) transcript.CreatedAt = DateTime.UtcNow;
        db.Transcripts.Add(transcript);
        db.SaveChanges();
        return true;
    }

    /// <summary>SHA-256 of a file's bytes, lower-case hex: the cache key of its transcript.</summary>
    public static string ContentHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public sealed record SidecarImport(int Imported, int Unchanged, int Removed, IReadOnlyList<string> Errors);

    /// <summary>
    /// Imports the lyric sidecars of every track of a collection root as transcripts with source "sidecar": a
    /// <c>.txt</c> beside the audio (same name), else a <c>.lrc</c>. Unchanged sidecars are skipped; a sidecar that
    /// disappeared removes its transcript. Unreadable sidecars are listed, the rest goes on. Another process importing the
    /// same collection at once (two dashboards starting) makes this one start again from what it stored
    /// (<see cref="ConcurrentWrite"/>).
    /// </summary>
    public static SidecarImport ImportSidecars(DbContextOptions<MusicDbContext> options, string datasetRoot, CancellationToken ct = default) =>
        ConcurrentWrite.Retry(() => ImportSidecarsOnce(options, datasetRoot, ct));

    private static SidecarImport ImportSidecarsOnce(DbContextOptions<MusicDbContext> options, string datasetRoot, CancellationToken ct)
    {
        using var db = new MusicDbContext(options);
        var tracks = db.Tracks.AsNoTracking().Where(t => t.DatasetRoot == datasetRoot).Select(t => new { t.Id, t.RelativePath }).ToList();
        var existing = db.Transcripts.Where(t => t.Source == SidecarSource && tracks.Select(x => x.Id).Contains(t.TrackId)).ToDictionary(t => t.TrackId);
        int imported = 0, unchanged = 0, removed = 0;
        var errors = new List<string>();
        foreach (var track in tracks)
        {
            ct.ThrowIfCancellationRequested();
            var audio = Path.Combine(datasetRoot, track.RelativePath);
            var sidecar = new[] { ".txt", ".lrc" }.Select(ext => Path.ChangeExtension(audio, ext)).FirstOrDefault(File.Exists);
            existing.TryGetValue(track.Id, out var old);
            if (sidecar is null)
            {
                if (old is not null) { db.Transcripts.Remove(old); removed++; }
                continue;
            }
            try
            {
                var sw = Stopwatch.StartNew();
                var hash = ContentHash(sidecar);
                if (old is not null && old.ContentHash == hash) { unchanged++; continue; }
                var raw = File.ReadAllText(sidecar);
                var text = sidecar.EndsWith(".lrc", StringComparison.OrdinalIgnoreCase) ? StripLrc(raw) : raw.Trim();
                if (old is not null) db.Transcripts.Remove(old);
                db.Transcripts.Add(new TranscriptEntity
                {
                    TrackId = track.Id, ContentHash = hash, Source = SidecarSource, Text = text, Seconds = sw.Elapsed.TotalSeconds,
                    CreatedAt = DateTime.UtcNow,
                });
                imported++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{sidecar}: {e.Message}");
            }
        }
        db.SaveChanges();
        return new SidecarImport(imported, unchanged, removed, errors);
    }

    /// <summary>Lyrics of an LRC file: time tags ([mm:ss.xx], enhanced &lt;mm:ss.xx&gt;) and ID tags ([ar:...], [ti:...])
    /// removed, blank lines dropped, one lyric line per line.</summary>
    public static string StripLrc(string lrc)
    {
        var lines = new List<string>();
        foreach (var line in lrc.Replace("\r\n", "\n").Split('\n'))
        {
            if (IdTag().IsMatch(line)) continue;
            var text = WordTag().Replace(TimeTag().Replace(line, ""), "").Trim();
            if (text.Length > 0) lines.Add(Regex.Replace(text, @"\s{2,}", " "));
        }
        return string.Join("\n", lines);
    }

    [GeneratedRegex(@"\[\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?\]")]
    private static partial Regex TimeTag();

    [GeneratedRegex(@"<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>")]
    private static partial Regex WordTag();

    [GeneratedRegex(@"^\s*\[[A-Za-z#]+:[^\]]*\]\s*$")]
    private static partial Regex IdTag();
}
