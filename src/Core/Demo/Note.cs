namespace MusicDashboard.Core.Demo;

/// <summary>A pitched event, in seconds and (fractional) MIDI note numbers.</summary>
internal readonly record struct Note(double Start, double Duration, double Midi, float Velocity, bool Accent = false, bool Slide = false);
