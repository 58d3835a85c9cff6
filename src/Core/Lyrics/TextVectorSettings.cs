namespace MusicDashboard.Core.Lyrics;

/// <summary>
/// Lyric vectors for fusion: TF-IDF (sublinear tf, L2 norm, English stop words, terms in at least <see cref="MinDf"/>
/// documents) reduced by truncated SVD (LSA) to <see cref="Dim"/> dimensions. Tracks without lyrics get a zero vector.
/// </summary>
public sealed record TextVectorSettings
{
    public int Dim { get; init; } = 32;
    public int MinDf { get; init; } = 2;

    public IEnumerable<(string Field, string Message)> Validate()
    {
        if (Dim is < 1 or > 1024) yield return ("lyrics.dim", "lyric vector dimension must be between 1 and 1024");
        if (MinDf < 1) yield return ("lyrics.minDf", "minimum document frequency must be at least 1");
    }
}
