using System.Globalization;
using System.Text;
using CsvHelper;

namespace MusicDashboard.Core.Datasets;

/// <summary>
/// The one CSV module, on CsvHelper: RFC 4180 quoting (a field with a comma, a quote, a line break or edge spaces is
/// quoted, quotes doubled), invariant culture, numbers with round-trip precision, "\n" line ends, UTF-8 without a BOM.
/// Every CSV the product writes (Table 2, features, latent means, epochs, run assignments) goes through
/// <see cref="Write(TextWriter, IReadOnlyList{string}?, IEnumerable{IEnumerable{object?}})"/>; <see cref="CsvTable"/> reads with <see cref="ReadRecords"/>.
/// </summary>
public static class Csv
{
    private static readonly CsvWriterOptions WriterOptions = CsvWriterOptions.Default with
    {
        NewLine = "\n",
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private static readonly CsvReaderOptions ReaderOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false, // the header is read as an ordinary record: CsvTable checks it
        SkipEmptyLines = true,
        TrimWhitespace = false,
        MalformedData = CsvMalformedDataHandling.Throw,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>A cell as text: null is empty; numbers invariant with round-trip precision ("R"); the rest ToString.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Writes the header (when given) and the rows to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string>? header, IEnumerable<IEnumerable<object?>> rows)
    {
        using var csv = CsvWriter.Create(writer, WriterOptions, leaveOpen: true);
        if (header is not null) csv.WriteRecord(header.ToArray());
        foreach (var row in rows)
        {
            foreach (var value in row) csv.WriteField(Cell(value));
            csv.EndRecord();
        }
        csv.Flush();
    }

    /// <summary>The CSV as a string.</summary>
    public static string Write(IReadOnlyList<string>? header, IEnumerable<IEnumerable<object?>> rows)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, header, rows);
        return text.ToString();
    }

    /// <summary>Writes the CSV file (creating its folder), streaming the rows.</summary>
    public static void WriteFile(string path, IReadOnlyList<string>? header, IEnumerable<IEnumerable<object?>> rows)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Write(writer, header, rows);
    }

    /// <summary>Every non-blank record, fields unquoted; malformed quoting is a <see cref="DatasetException"/> naming the line.</summary>
    public static List<string[]> ReadRecords(TextReader text, string source)
    {
        var records = new List<string[]>();
        using var reader = CsvReader.Create(text, ReaderOptions with { TrackLineNumbers = true }, leaveOpen: true);
        try
        {
            while (reader.Read())
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i);
                records.Add(fields);
            }
        }
        catch (CsvFormatException e)
        {
            throw new DatasetException($"{source}: malformed CSV on line {e.LineNumber} ({e.Message})");
        }
        return records;
    }
}
