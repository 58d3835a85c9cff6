namespace MusicDashboard.Core.Demo;

/// <summary>The notes of one track, part by part, plus the slow gain curve of its sections.</summary>
internal sealed class Score
{
    public List<DrumHit> Drums { get; } = [];
    public List<Note> Bass { get; } = [];
    public List<Note> Harmony { get; } = [];
    public List<Note> Lead { get; } = [];
    public List<VocalNote> Voice { get; } = [];
    /// <summary>(time in seconds, gain in dB) breakpoints of the section dynamics.</summary>
    public List<(double Time, double Db)> Dynamics { get; } = [];
}
