namespace MusicDashboard.Core.Demo;

internal enum BassStyle
{
    None,
    Drone,       // one long root (and a quiet fifth) per chord
    RootEighths, // driving eighth notes on the root, octave jumps
    OomPah,      // root on the beat, fifth on the next beat (march, polka)
    Acid,        // a looping 16-step line with accents and slides through a resonant filter
    Offbeat,     // short notes on the "and" of every beat (techno, house)
    Downbeat,    // sparse: root on one, fifth later in the bar (ballads, lo-fi)
    Tremolo,     // every 16th on the root (metal picking)
}
