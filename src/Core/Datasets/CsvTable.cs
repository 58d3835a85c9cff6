using System.Globalization;

namespace MusicDashboard.Core.Datasets;

/// <summary>A CSV file with a header row, read as text cells (through <see cref="Csv"/>); numeric columns are parsed on
/// demand with clear errors.</summary>
public sealed class CsvTable
{
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }
    public string Path { get; }

    private CsvTable(string path, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
    }

    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new DatasetException($"CSV file '{path}' does not exist");
        List<string[]> lines;
        using (var reader = new StreamReader(path)) lines = Csv.ReadRecords(reader, path);
        if (lines.Count == 0) throw new DatasetException($"{path}: empty file (a header row is required)");
        var header = lines[0].Select(h => h.Trim()).ToArray();
        if (header.Distinct(StringComparer.Ordinal).Count() != header.Length)
            throw new DatasetException($"{path}: duplicate column names in the header");
        for (var i = 1; i < lines.Count; i++)
            if (lines[i].Length != header.Length)
                throw new DatasetException($"{path}: row {i + 1} has {lines[i].Length} cells, the header has {header.Length}");
        if (lines.Count == 1) throw new DatasetException($"{path}: no data rows after the header");
        return new CsvTable(path, header, lines.Skip(1).ToList());
    }

    public int Column(string name) => Header.ToList().IndexOf(name) is var i and >= 0 ? i
        : throw new DatasetException($"{Path}: no column '{name}' (columns: {string.Join(", ", Header)})");

    /// <summary>The given columns as numbers, row by row; any non-numeric cell is an error naming row and column.</summary>
    public double[][] Numeric(IReadOnlyList<int> columns) => Rows.Select((row, r) => columns.Select(c =>
    {
        var cell = row[c].Trim();
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new DatasetException($"{Path}: row {r + 2}, column '{Header[c]}' is not a finite number ('{cell}')");
        return v;
    }).ToArray()).ToArray();

    /// <summary>A column of labels (numbers or names) as class indices, in order of first appearance.</summary>
    public int[] Labels(int column, out IReadOnlyList<string> names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = Rows.Select(r => { var k = r[column].Trim(); if (!index.TryGetValue(k, out var i)) index[k] = i = index.Count; return i; }).ToArray();
        names = index.OrderBy(p => p.Value).Select(p => p.Key).ToList();
        return labels;
    }
}
