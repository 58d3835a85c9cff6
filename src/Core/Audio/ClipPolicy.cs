namespace MusicDashboard.Core.Audio;

/// <summary>
/// How a track is cut into clips (views): windows of <see cref="Seconds"/> every <see cref="HopSeconds"/>.
/// <para><see cref="MinViews"/>: when the hop gives a track fewer windows than this, the windows are spread evenly over
/// the track instead (they overlap more), so a 15-s track yields as many views as asked of a 30-s one.</para>
/// <para>A track shorter than one window is looped (<see cref="LoopShort"/>, default): its samples repeat until the window
/// is full, and its views start at evenly spaced points of the loop. So a collection of 2-3 s excerpts loses no file;
/// only tracks shorter than <see cref="MinimumSeconds"/> are skipped. With <see cref="PadLast"/> the last partial window
/// (and a short track) is zero-padded instead, the study's original behaviour.</para>
/// </summary>
public sealed record ClipPolicy(double Seconds = 10, double HopSeconds = 10, bool PadLast = false, int MinViews = 1, bool LoopShort = true)
{
    /// <summary>Shortest track that is looped rather than skipped: below this there is no music to describe.</summary>
    public const double MinimumSeconds = 0.5;

    /// <summary>Problems with the field they concern (camelCase, as the config's JSON names them under "clips").</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (!(Seconds > 0)) yield return ("seconds", "clip length must be more than 0 seconds");
        if (!(HopSeconds > 0)) yield return ("hopSeconds", "clip hop must be more than 0 seconds");
        if (MinViews is < 1 or > 64) yield return ("minViews", "views per track must be between 1 and 64");
    }

    /// <summary>Whether a track of this length is looped to fill one window.</summary>
    public bool Loops(double trackSeconds) => LoopShort && !PadLast && trackSeconds <= Seconds && trackSeconds >= MinimumSeconds;
}
