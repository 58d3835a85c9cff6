namespace MusicDashboard.Core.Demo;

/// <summary>A sung syllable: pitch, timing and the vowel (index into <see cref="FormantVoice.Vowels"/>).</summary>
internal readonly record struct VocalNote(double Start, double Duration, double Midi, float Velocity, int Vowel);
