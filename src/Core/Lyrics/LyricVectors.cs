namespace MusicDashboard.Core.Lyrics;

/// <summary>TF-IDF + LSA over the tracks that have lyrics; the others get the zero vector and the "instrumental" flag.</summary>
public static class LyricVectors
{
    public static LyricVectorTable Build(IReadOnlyList<string?> texts, TextVectorSettings settings)
    {
        var problems = settings.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
        var has = texts.Select(t => !string.IsNullOrWhiteSpace(t) && TfidfVectorizer.Tokens(t!).Any()).ToArray();
        var vectors = texts.Select(_ => new double[settings.Dim]).ToArray();
        var docs = texts.Where((_, i) => has[i]).Select(t => t!).ToList();
        if (docs.Count == 0) return new LyricVectorTable(vectors, has, 0, 0, []);

        var tfidf = TfidfVectorizer.Fit(docs, settings.MinDf);
        var x = tfidf.Transform(docs);
        var svd = TruncatedSvd.Fit(x, settings.Dim);
        var z = svd.Transform(x);
        var row = 0;
        for (var i = 0; i < texts.Count; i++)
            if (has[i]) Array.Copy(z[row++], vectors[i], svd.Components.Length);
        return new LyricVectorTable(vectors, has, tfidf.Vocabulary.Count, svd.Components.Length, svd.SingularValues);
    }
}
