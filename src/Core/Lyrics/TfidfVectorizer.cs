using System.Text.RegularExpressions;

namespace MusicDashboard.Core.Lyrics;

/// <summary>
/// scikit-learn's <c>TfidfVectorizer(sublinear_tf=True, stop_words='english', min_df=m)</c> with its defaults otherwise:
/// lowercase, tokens of two or more word characters (<c>(?u)\b\w\w+\b</c>), English stop words removed, terms kept when
/// in at least m documents, vocabulary in sorted order, tf = 1 + ln(count), smooth idf = ln((1 + n) / (1 + df)) + 1,
/// each row L2-normalised. Dense rows: lyric collections are small.
/// </summary>
public sealed partial class TfidfVectorizer
{
    public IReadOnlyList<string> Vocabulary { get; }
    public double[] Idf { get; }
    private readonly Dictionary<string, int> _index;

    private TfidfVectorizer(IReadOnlyList<string> vocabulary, double[] idf)
    {
        Vocabulary = vocabulary;
        Idf = idf;
        _index = vocabulary.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\b\w\w+\b")]
    private static partial Regex TokenPattern();

    public static IEnumerable<string> Tokens(string text) =>
        TokenPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(t => !EnglishStopWords.Words.Contains(t));

    public static TfidfVectorizer Fit(IReadOnlyList<string> documents, int minDf)
    {
        if (documents.Count == 0) throw new ArgumentException("no documents to fit TF-IDF on");
        if (minDf < 1) throw new ArgumentException("min_df must be at least 1");
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
            foreach (var term in Tokens(doc).Distinct())
                df[term] = df.GetValueOrDefault(term) + 1;
        var vocabulary = df.Where(p => p.Value >= minDf).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        if (vocabulary.Count == 0)
            throw new ArgumentException($"no term occurs in at least {minDf} of the {documents.Count} lyric texts (after stop words): lower min_df");
        var n = documents.Count;
        var idf = vocabulary.Select(t => Math.Log((1.0 + n) / (1.0 + df[t])) + 1.0).ToArray();
        return new TfidfVectorizer(vocabulary, idf);
    }

    public double[][] Transform(IReadOnlyList<string> documents) => documents.Select(TransformOne).ToArray();

    private double[] TransformOne(string doc)
    {
        var row = new double[Vocabulary.Count];
        foreach (var term in Tokens(doc))
            if (_index.TryGetValue(term, out var j)) row[j] += 1;
        double norm = 0;
        for (var j = 0; j < row.Length; j++)
        {
            if (row[j] > 0) row[j] = (1 + Math.Log(row[j])) * Idf[j];
            norm += row[j] * row[j];
        }
        norm = Math.Sqrt(norm);
        if (norm > 0) for (var j = 0; j < row.Length; j++) row[j] /= norm;
        return row;
    }
}
