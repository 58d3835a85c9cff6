namespace MusicDashboard.Core.Demo;

/// <summary>
/// A bar of drums, one lane per sound, one character per grid step (16ths): 'X' accent, 'x' hit, 'o' ghost/soft,
/// 'r' roll (two quick soft strokes), '.' rest. The lane length sets the meter: 16 = 4/4, 12 = 3/4, 8 = 2/4.
/// </summary>
internal sealed record DrumPattern(string Kick, string Snare, string Hat, string Open = "", string Perc = "");
