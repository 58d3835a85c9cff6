using System.Text.RegularExpressions;
using MusicDashboard.Core.Features;

namespace MusicDashboard.Core.Datasets;

/// <summary>
/// A feature table brought by the user instead of audio: a CSV with an id column (<c>filename</c>, <c>file</c>, <c>id</c>,
/// <c>path</c> or <c>track_id</c>), optional <c>label</c>/<c>genre</c> and <c>track</c> columns, and numeric feature
/// columns. Kaggle's GTZAN tables work as they are: in <c>features_30_sec.csv</c> every row is a track; in
/// <c>features_3_sec.csv</c> the ids are <c>blues.00000.3.wav</c>, so rows whose ids differ only in that last number are
/// views of one track (the same-track term and per-track scoring use them). The <c>length</c> column (a sample count) is
/// metadata, not a feature, and is left out; so are other non-numeric columns. Each row becomes one clip of its track.
/// </summary>
public static class FeatureTableDataset
{
    private static readonly string[] IdColumns = ["filename", "file", "id", "path", "track_id"];
    private static readonly string[] LabelColumns = ["label", "genre"];
    private static readonly string[] MetadataColumns = ["length", "clip", "offset_seconds", "start", "end"];
    private static readonly Regex SegmentSuffix = new(@"^(?<track>.+)\.(?<segment>\d+)$", RegexOptions.CultureInvariant);

    /// <summary>Whether a dataset setting names a feature table rather than a folder of audio.</summary>
    public static bool IsTable(string dataset) => dataset.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    public static (DatasetScan Scan, ClipFeatureTable Features) Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new DatasetException($"feature table '{full}' does not exist");
        var csv = CsvTable.Read(full);
        int Find(string[] names)
        {
            for (var c = 0; c < csv.Header.Count; c++) if (names.Contains(csv.Header[c].ToLowerInvariant())) return c;
            return -1;
        }
        var idColumn = Find(IdColumns);
        var labelColumn = Find(LabelColumns);
        var trackColumn = Find(["track"]);
        if (idColumn < 0 && trackColumn < 0)
            throw new DatasetException($"{full}: no id column (one of {string.Join(", ", IdColumns)}) and no 'track' column: rows cannot be named");

        var reserved = new HashSet<int>(new[] { idColumn, labelColumn, trackColumn }.Where(i => i >= 0));
        var featureColumns = Enumerable.Range(0, csv.Header.Count)
            .Where(c => !reserved.Contains(c) && !MetadataColumns.Contains(csv.Header[c].ToLowerInvariant()) && IsNumericColumn(csv, c))
            .ToList();
        if (featureColumns.Count == 0) throw new DatasetException($"{full}: no numeric feature columns (columns: {string.Join(", ", csv.Header)})");
        var values = csv.Numeric(featureColumns);

        var ids = csv.Rows.Select((r, i) => idColumn >= 0 ? r[idColumn].Trim() : $"{r[trackColumn].Trim()}#{i}").ToArray();
        var tracks = trackColumn >= 0 ? csv.Rows.Select(r => r[trackColumn].Trim()).ToArray() : TracksFromIds(ids);
        var labels = labelColumn >= 0 ? csv.Rows.Select(r => r[labelColumn].Trim()).Select(l => l.Length == 0 ? null : l).ToArray() : new string?[ids.Length];

        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var files = new List<TrackFile>();
        var clips = new List<ClipInfo>();
        var views = new Dictionary<int, int>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (!order.TryGetValue(tracks[i], out var t))
            {
                order[tracks[i]] = t = files.Count;
                files.Add(new TrackFile(full + "#" + tracks[i], tracks[i], labels[i], null, 0));
                views[t] = 0;
            }
            else if (files[t].Genre != labels[i])
                throw new DatasetException($"{full}: row {i + 2} gives track '{tracks[i]}' the label '{labels[i]}', an earlier row '{files[t].Genre}'");
            clips.Add(new ClipInfo(t, files[t], views[t]++, 0));
        }
        var genres = files.Select(f => f.Genre).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var scan = new DatasetScan(System.IO.Path.GetFileNameWithoutExtension(full), full, files, genres, HasAudio: false);
        var table = new ClipFeatureTable(clips, values.Select(r => r.Select(v => (float)v).ToArray()).ToArray(), [])
        {
            ColumnNames = featureColumns.Select(c => csv.Header[c]).ToList(),
        };
        return (scan, table);
    }

    /// <summary>Track of each id: the id without its extension and, when the rest is itself numbered (<c>blues.00000.3</c>:
    /// track <c>blues.00000</c>, segment 3, Kaggle's 3-s table) and every id is numbered that way or others share the rest, without the segment number.
    /// Anything else is its own track (<c>blues.00000</c> stays a track: its number is the track's); other layouts name
    /// their tracks with a <c>track</c> column.</summary>
    public static string[] TracksFromIds(IReadOnlyList<string> ids)
    {
        var stems = ids.Select(id =>
        {
            var name = System.IO.Path.GetFileName(id);
            var ext = System.IO.Path.GetExtension(name);
            return ext.Length is > 1 and <= 5 && !ext[1..].All(char.IsDigit) ? name[..^ext.Length] : name;
        }).ToArray();
        var candidates = stems.Select(s => SegmentSuffix.Match(s) is { Success: true } m && SegmentSuffix.IsMatch(m.Groups["track"].Value)
            ? m.Groups["track"].Value : null).ToArray();
        var counts = candidates.OfType<string>().GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        // Every id numbered twice (the 3-s table): each is a segment, even a track's only one.
        var allNested = candidates.All(c => c is not null);
        return stems.Select((s, i) => candidates[i] is { } c && (allNested || counts[c] > 1) ? c : s).ToArray();
    }

    private static bool IsNumericColumn(CsvTable csv, int column) =>
        csv.Rows.All(r => double.TryParse(r[column].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
}
