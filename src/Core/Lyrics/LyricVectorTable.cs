namespace MusicDashboard.Core.Lyrics;

/// <summary>Lyric vectors of a collection's tracks, aligned with the tracks given.</summary>
/// <param name="Vectors">One row of <see cref="TextVectorSettings.Dim"/> values per track; zeros for tracks without lyrics.</param>
/// <param name="HasLyrics">The modality indicator: true = has lyrics, false = instrumental (or not transcribed).</param>
/// <param name="EffectiveDim">Components actually fitted: at most min(documents, terms); the rest of each row stays 0.</param>
public sealed record LyricVectorTable(double[][] Vectors, bool[] HasLyrics, int VocabularySize, int EffectiveDim, double[] SingularValues)
{
    public int WithLyrics => HasLyrics.Count(h => h);
}
