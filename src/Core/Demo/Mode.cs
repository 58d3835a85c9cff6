namespace MusicDashboard.Core.Demo;

internal enum Mode { Major, Minor, Dorian, Phrygian, Lydian, Mixolydian, HarmonicMinor, Locrian }
