using System.Globalization;
using System.Text;

namespace MusicDashboard.Dashboard.Model;

/// <summary>A playlist as files other players read: extended M3U and CSV.</summary>
public static class PlaylistExport
{
    public static readonly IReadOnlyList<string> CsvHeader = ["position", "track_id", "title", "genre", "duration_seconds", "file", "path"];

    /// <summary>Extended M3U: <c>#EXTM3U</c>, then per track <c>#EXTINF:seconds,title</c> (whole seconds, as players
    /// expect) and its absolute path; "\n" line ends, UTF-8 (what .m3u8 means; players read it as .m3u as well).</summary>
    public static string M3u(PlaylistDetail playlist)
    {
        var text = new StringBuilder("#EXTM3U\n");
        text.Append("#PLAYLIST:").Append(OneLine(playlist.Summary.Name)).Append('\n');
        foreach (var t in playlist.Tracks)
        {
            var seconds = t.DurationSeconds > 0 ? (long)Math.Round(t.DurationSeconds) : -1;
            var title = t.Genre is null ? t.Title : $"{t.Title} ({t.Genre})";
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{seconds},{OneLine(title)}\n");
            text.Append(t.AbsolutePath).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>One row per track through the CSV module.</summary>
    public static string Csv(PlaylistDetail playlist) =>
        MusicDashboard.Core.Datasets.Csv.Write(CsvHeader, playlist.Tracks.Select(t => new object?[] { t.Position + 1, t.TrackId, t.Title, t.Genre, t.DurationSeconds, t.File, t.AbsolutePath }));

    /// <summary>A file name for downloads: the playlist's name with anything but letters, digits, '-' and '_' made '_'.</summary>
    public static string FileName(PlaylistSummary playlist, string extension)
    {
        var safe = new string(playlist.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray()).Trim('_');
        return $"{(safe.Length == 0 ? $"playlist-{playlist.Id}" : safe)}.{extension}";
    }

    private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ');
}
