namespace MusicDashboard.Core.Demo;

internal enum HarmonyStyle
{
    None,
    Pad,        // chords held for their whole length
    Stabs,      // short chords on a per-track syncopated rhythm
    Arpeggio,   // chord tones one after another (up, up-down or finger-picked)
    AfterBeats, // the "pah" of oom-pah: short chords off the beat
    Tremolo,    // power chords (root, fifth, octave) on every 16th
    Comp,       // jazz-like comping: chord on one plus a syncopated push
}
