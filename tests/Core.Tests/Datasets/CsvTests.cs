using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Tests.Datasets;

public class CsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FieldsWithCommasQuotesOrLineBreaksAreQuotedAsRfc4180Says()
    {
        var text = Csv.Write(["track", "genre", "note"],
        [
            ["plain/blues.00000.wav", "blues", "ok"],
            ["rock, live/01.wav", "hip \"hop\"", "line one\nline two"],
            ["cr\r.wav", "", null],
        ]);
        Assert.Equal(
            "track,genre,note\n" +
            "plain/blues.00000.wav,blues,ok\n" +
            "\"rock, live/01.wav\",\"hip \"\"hop\"\"\",\"line one\nline two\"\n" +
            "\"cr\r.wav\",,\n", text);
    }

    [Fact]
    public void NumbersAreInvariantWithRoundTripPrecision()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE"); // decimal comma
        try
        {
            var text = Csv.Write(null, [[0.1, 1.0 / 3, 1e-7, double.NaN, 42, -3L, 2.5f, (double?)null]]);
            Assert.Equal("0.1,0.3333333333333333,1E-07,NaN,42,-3,2.5,\n", text);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }

    [Fact]
    public void WhatIsWrittenReadsBackCellForCell()
    {
        string[] header = ["track", "clip", "genre", "x"];
        object?[][] rows =
        [
            ["a,b/c \"d\".wav", 0, "rock\nroll", 0.30000000000000004],
            ["  edge spaces  ", 1, "", -1e300],
            ["ünïcödé/ß.wav", 2, "\"", 5e-324],
        ];
        var path = Path.Combine(_dir, "sub", "t.csv");
        Csv.WriteFile(path, header, rows);
        Assert.False(File.ReadAllBytes(path).AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })); // no byte order mark
        var table = CsvTable.Read(path);
        Assert.Equal(header, table.Header);
        Assert.Equal(rows.Length, table.Rows.Count);
        for (var r = 0; r < rows.Length; r++)
            Assert.Equal(rows[r].Select(Csv.Cell), table.Rows[r]);
        Assert.Equal(rows.Select(r => (double)r[3]!), table.Numeric([3]).Select(v => v[0]));
    }

    [Fact]
    public void BlankLinesAndWindowsLineEndsAreRead()
    {
        var path = Path.Combine(_dir, "crlf.csv");
        File.WriteAllText(path, "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n");
        var table = CsvTable.Read(path);
        Assert.Equal(["a", "b"], table.Header);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("x\r\ny", table.Rows[0][1]);
        Assert.Equal(["2", "z"], table.Rows[1]);
    }

    [Theory]
    [InlineData("a,b\n1,\"unclosed\n")]
    [InlineData("a,b\n1,\"closed\"tail\n")]
    public void MalformedQuotingIsAnErrorNamingTheFile(string content)
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<DatasetException>(() => CsvTable.Read(path));
        Assert.Contains("bad.csv", e.Message);
        Assert.Contains("malformed", e.Message);
    }

    [Fact]
    public void RowsOfTheWrongWidthAreRefused()
    {
        var path = Path.Combine(_dir, "ragged.csv");
        File.WriteAllText(path, "a,b\n1,2\n3\n");
        Assert.Contains("row 3 has 1 cells, the header has 2", Assert.Throws<DatasetException>(() => CsvTable.Read(path)).Message);
    }
}
