namespace MusicDashboard.Core.Demo;

/// <summary>Drum kits: each a set of one-shot sounds synthesised once per track (tuned a little differently each
/// time) and then placed on the beat grid, like a drum machine.</summary>
internal enum DrumKitStyle
{
    None,
    Electronic, // 808/909-like: long sine-sweep kick, clap, metallic hats
    Acoustic,   // short punchy kick with beater click, snare with tone and wires, noisy hats
    Chip,       // sound-chip percussion: triangle-sweep kick, LFSR noise snare and hats
    Brush,      // soft kick, brushed snare swish, shaker
    March,      // big boomy bass drum, crisp field snare (rolls), cymbal crash
    Blast,      // metal: tight clicky kick, cracking snare, washy cymbals
}
