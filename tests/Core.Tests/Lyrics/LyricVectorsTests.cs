using System.Text.Json;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Lyrics;

namespace MusicDashboard.Core.Tests.Lyrics;

/// <summary>TF-IDF and LSA against scikit-learn 1.2 (tests/fixtures/lyrics/make_lyrics_fixture.py).</summary>
public class LyricVectorsTests
{
    private sealed record Reference(string[] Documents, string[] Vocabulary, double[] Idf, double[][] Tfidf,
        double[] Singular_values, double[][] Components, double[][] Transformed);

    private static Reference Load() => JsonSerializer.Deserialize<Reference>(File.ReadAllText(TestPaths.Fixture("lyrics/lyrics_reference.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [Fact]
    public void TfidfMatchesScikitLearn()
    {
        var r = Load();
        var tfidf = TfidfVectorizer.Fit(r.Documents, minDf: 2);
        Assert.Equal(r.Vocabulary, tfidf.Vocabulary);
        for (var j = 0; j < r.Idf.Length; j++) Assert.Equal(r.Idf[j], tfidf.Idf[j], 12);
        var x = tfidf.Transform(r.Documents);
        for (var i = 0; i < x.Length; i++)
            for (var j = 0; j < x[i].Length; j++) Assert.Equal(r.Tfidf[i][j], x[i][j], 12);
    }

    [Fact]
    public void TruncatedSvdMatchesScikitLearnArpack()
    {
        var r = Load();
        var k = r.Singular_values.Length;
        var svd = TruncatedSvd.Fit(r.Tfidf, k);
        for (var c = 0; c < k; c++) Assert.Equal(r.Singular_values[c], svd.SingularValues[c], 9);
        // Distinct singular values: each component is determined up to sign, and the sign rule is svd_flip's.
        for (var c = 0; c < k; c++)
            for (var j = 0; j < r.Components[c].Length; j++) Assert.Equal(r.Components[c][j], svd.Components[c][j], 8);
        var z = svd.Transform(r.Tfidf);
        for (var i = 0; i < z.Length; i++)
            for (var c = 0; c < k; c++) Assert.Equal(r.Transformed[i][c], z[i][c], 8);
    }

    [Fact]
    public void TracksWithoutLyricsGetZeroVectorsAndTheInstrumentalFlag()
    {
        var r = Load();
        var texts = new List<string?> { null, r.Documents[0], "   ", r.Documents[1] };
        texts.AddRange(r.Documents.Skip(2));
        texts.Add("the and of"); // only stop words: no usable text
        var table = LyricVectors.Build(texts, new TextVectorSettings { Dim = 8, MinDf = 2 });
        Assert.Equal([false, true, false, true], table.HasLyrics.Take(4));
        Assert.False(table.HasLyrics[^1]);
        Assert.All(new[] { 0, 2, texts.Count - 1 }, i => Assert.All(table.Vectors[i], v => Assert.Equal(0.0, v)));
        Assert.All(table.Vectors, v => Assert.Equal(8, v.Length));
        Assert.Equal(r.Vocabulary.Length, table.VocabularySize);
        // The tracks with lyrics are exactly the scikit-learn documents: their first components are the reference's.
        for (var c = 0; c < r.Singular_values.Length; c++) Assert.Equal(r.Transformed[0][c], table.Vectors[1][c], 8);
    }

    [Fact]
    public void TooFewDocumentsForMinDfIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => LyricVectors.Build(["neon lights", "river song"], new TextVectorSettings { MinDf = 2 }));
        Assert.Contains("min_df", e.Message);
    }

    [Fact]
    public void SidecarSourceReadsTheTextBesideTheAudio()
    {
        var dir = Directory.CreateTempSubdirectory("musicdash-lyrics-").FullName;
        try
        {
            var txt = Path.Combine(dir, "a.txt");
            File.WriteAllText(txt, "neon heart");
            var source = new SidecarLyricsSource();
            Assert.Equal("neon heart", source.TextOf(new TrackFile(Path.Combine(dir, "a.wav"), "a.wav", null, txt, 0)));
            Assert.Null(source.TextOf(new TrackFile(Path.Combine(dir, "b.wav"), "b.wav", null, null, 0)));
        }
        finally { Directory.Delete(dir, true); }
    }
}
