namespace MusicDashboard.Core.Demo;

/// <summary>The oscillator families of the demo corpus: each one a distinct harmonic fingerprint.</summary>
internal enum Timbre
{
    Sine,         // one partial: flutes, sub bass, soft pads
    Triangle,     // odd partials falling fast: mellow
    Saw,          // all partials: bright strings/brass raw material
    Square,       // odd partials, hollow
    SuperSaw,     // three detuned saws: the wide synth-pop / trance pad
    Organ,        // additive drawbars, Harmonics = how many
    FmPiano,      // 2-operator FM electric piano: bright attack mellowing out, plus a tine "ding"
    FmBell,       // inharmonic FM (ratio 3.5): bells, glass
    FmPad,        // slowly breathing FM index: evolving drones
    Brass,        // saw through a filter that opens on the attack
    Reed,         // two detuned narrow pulses: accordion "musette" beating
    ChipPulse,    // naive (aliasing) pulse, like a 1980s sound chip
    ChipTriangle, // 4-bit stepped triangle, the NES bass channel
    AcidSaw,      // saw for a resonant, envelope-swept 303-style bass
    Guitar,       // two detuned saws meant to be driven hard (power chords)
    Pluck,        // Karplus-Strong plucked string
}
