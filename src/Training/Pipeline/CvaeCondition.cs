namespace MusicDashboard.Training.Pipeline;

/// <summary>What the Conditional VAE's encoder and decoder are given besides the input. Never the genre: that would leak
/// the labels the metrics are scored against.</summary>
public enum CvaeCondition
{
    /// <summary>One-hot modality indicator: has lyrics / instrumental.</summary>
    Modality,
    /// <summary>The lyric vector.</summary>
    LyricsVector,
    /// <summary>Indicator and lyric vector, concatenated.</summary>
    Both,
}
