namespace MusicDashboard.Core.Demo;

/// <summary>The ten genres of the demo corpus. Deliberate overlaps (so clustering is neither trivial nor hopeless):
/// synthpop/techno, drone/ambient, march/polka, lofi/balladry; chiptune and noisecore share fast tempi.</summary>
internal static class GenreProfiles
{
    // Common drum bars (16 steps = 4/4).
    private const string FourOnFloor = "x...x...x...x...";
    private const string Backbeat = "....x.......x...";
    private const string Eighths = "x.x.x.x.x.x.x.x.";
    private const string Sixteenths = "xoxoxoxoxoxoxoxo";
    private const string OffbeatOpen = "..x...x...x...x.";

    public static readonly IReadOnlyList<GenreProfile> All =
    [
        // AMBIENT: slow major/lydian pads fading in over seconds, sparse FM bells, lots of reverb on an airy noise
        // bed, maybe a soft shaker.
        // Overlaps drone (sustained, drumless textures) but is brighter, higher and has bell events.
        new GenreProfile
        {
            Name = "ambient",
            Summary = "slow, bright pads in major/lydian, sparse FM bells, big reverb, an airy noise bed, rarely a soft shaker",
            Tempo = new(60, 84), Kit = DrumKitStyle.Brush, DrumsChance = 0.3, FillChance = 0, CrashChance = 0,
            Patterns = [new("", "", Eighths), new("", "", "x...x.o.x...x.o."), new("", "", OffbeatOpen)],
            Modes = [Mode.Major, Mode.Lydian, Mode.Mixolydian], Progressions = [[0, 3], [0, 4, 5, 3], [3, 4, 0], [0, 5], [0, 1]],
            BarsPerChord = [2], BassRoot = (36, 46),
            Bass = [BassStyle.Drone], BassChance = 0.6,
            BassPatches = [new(Timbre.Sine) { Attack = 1.5, Sustain = 1, Release = 2.5 }],
            Harmony = [HarmonyStyle.Pad], HarmonyChance = 1, HarmonyOctave = 2,
            HarmonyPatches =
            [
                new(Timbre.FmPad) { Attack = 2, Sustain = 1, Release = 3, FmIndex = 1.4, FmRatio = 1 },
                new(Timbre.SuperSaw) { Attack = 2, Sustain = 1, Release = 3, Cutoff = 2000, Detune = 0.2 },
                new(Timbre.SuperSaw) { Attack = 1.5, Sustain = 1, Release = 3, Cutoff = 3500, Detune = 0.3 },
                new(Timbre.Organ) { Attack = 2, Sustain = 1, Release = 3, Harmonics = 5 },
            ],
            Lead = LeadStyle.Bells, LeadChance = 0.85, LeadDensity = new(0.15, 0.45), LeadOctave = 3,
            LeadPatches =
            [
                new(Timbre.FmBell) { Attack = 0.002, Decay = 2, Sustain = 0, Release = 2.5, FmIndex = 3, FmRatio = 3.5 },
                new(Timbre.FmBell) { Attack = 0.002, Decay = 1.5, Sustain = 0, Release = 2, FmIndex = 1.5, FmRatio = 2 },
                new(Timbre.Sine) { Attack = 0.01, Decay = 1.5, Sustain = 0, Release = 2 },
            ],
            DrumsDb = new(-28, -22), BassDb = new(-19, -15), HarmonyDb = new(-16, -13), LeadDb = new(-19, -14), TextureDb = new(-24, -17),
            Brightness = new(3000, 9000), HissDb = new(-50, -38), DynamicsDb = new(3, 6), Reverb = new(0.6, 0.9),
        },

        // BALLADRY: a sung folk ballad in 3/4: finger-picked Karplus-Strong guitar, soft brushes (or none), wide
        // dynamics (quiet verses, swelling refrains). Overlaps lofi (slow, soft, plucked/e-piano) but waltzes.
        new GenreProfile
        {
            Name = "balladry",
            Summary = "sung 3/4 ballad: finger-picked plucked strings, brushes, wide dynamics, major or minor",
            Voice = VoiceStyle.Clean, VoiceChance = 0.8,
            Tempo = new(60, 86), BeatsPerBar = 3, JitterMs = 6, Kit = DrumKitStyle.Brush, DrumsChance = 0.45,
            FillChance = 0.05, CrashChance = 0.1,
            Patterns = [new("x...........", "........x...", "x...x...x..."), new("x.....x.....", "....o...x...", "x.o.x.o.x.o."), new("x...........", "....o...o...", "")],
            Modes = [Mode.Major, Mode.Minor, Mode.Dorian], Progressions = [[0, 3, 4, 0], [5, 3, 0, 4], [0, 5, 3, 4], [0, 4, 5, 3]],
            BarsPerChord = [1, 2], BassRoot = (40, 47),
            Bass = [BassStyle.Downbeat], BassChance = 0.8,
            BassPatches = [new(Timbre.Pluck) { Decay = 1.5, Release = 0.3, Cutoff = 1500 }, new(Timbre.Sine) { Attack = 0.01, Decay = 0.8, Sustain = 0.5, Release = 0.3 }],
            Harmony = [HarmonyStyle.Arpeggio], ArpeggioSteps = [2], HarmonyChance = 1,
            HarmonyPatches =
            [
                new(Timbre.Pluck) { Decay = 2.5, Release = 1.5, Cutoff = 4000 },
                new(Timbre.Pluck) { Decay = 1.8, Release = 1.2, Cutoff = 2500 },
                new(Timbre.FmPiano) { Attack = 0.002, Decay = 1.5, Sustain = 0.2, Release = 1, FmIndex = 1.2, FmRatio = 1 },
            ],
            Lead = LeadStyle.Melody, LeadChance = 0.3, LeadDensity = new(0.25, 0.4),
            LeadPatches = [new(Timbre.Sine) { Attack = 0.06, Sustain = 0.9, Release = 0.3, Vibrato = 0.25 }, new(Timbre.Pluck) { Decay = 2, Release = 1, Cutoff = 5000 }],
            DrumsDb = new(-24, -19), BassDb = new(-18, -14), HarmonyDb = new(-15, -12), LeadDb = new(-20, -16), VoiceDb = new(-14, -11),
            HissDb = new(-62, -48), DynamicsDb = new(6, 12), Reverb = new(0.25, 0.45),
        },

        // CHIPTUNE: 1980s sound chip: aliasing pulse waves, stepped-triangle bass, LFSR-noise drums, fast 16th
        // arpeggios and a vibrato pulse lead; dry, bright, no noise. Shares its fast tempi with noisecore.
        new GenreProfile
        {
            Name = "chiptune",
            Summary = "fast sound-chip music: pulse-wave arpeggios and lead, 4-bit triangle bass, LFSR noise drums, dry",
            Tempo = new(138, 176), Kit = DrumKitStyle.Chip, FillChance = 0.4, CrashChance = 0.2,
            Patterns = [new("x.......x.x.....", Backbeat, Eighths), new("x..x..x.x.......", "....x..x....x...", Sixteenths), new(FourOnFloor, "....x.......x.x.", OffbeatOpen)],
            Modes = [Mode.Major, Mode.Minor, Mode.Mixolydian], Progressions = [[0, 5, 3, 4], [0, 3, 4, 0], [5, 3, 4, 0], [0, 4, 5, 3]],
            BarsPerChord = [1], BassRoot = (40, 48),
            Bass = [BassStyle.RootEighths], BassPatches = [new(Timbre.ChipTriangle) { Attack = 0.001, Sustain = 1, Release = 0.01 }],
            Harmony = [HarmonyStyle.Arpeggio], ArpeggioSteps = [1, 1, 2],
            HarmonyPatches =
            [
                new(Timbre.ChipPulse) { Attack = 0.001, Sustain = 0.8, Decay = 0.1, Release = 0.01, PulseWidth = 0.125 },
                new(Timbre.ChipPulse) { Attack = 0.001, Sustain = 0.8, Decay = 0.1, Release = 0.01, PulseWidth = 0.25 },
            ],
            Lead = LeadStyle.Melody, LeadChance = 0.8, LeadDensity = new(0.55, 0.85),
            LeadPatches =
            [
                new(Timbre.ChipPulse) { Attack = 0.001, Sustain = 0.9, Release = 0.02, PulseWidth = 0.5, Vibrato = 0.25, VibratoRate = 6 },
                new(Timbre.ChipPulse) { Attack = 0.001, Sustain = 0.9, Release = 0.02, PulseWidth = 0.25, Vibrato = 0.2, VibratoRate = 6 },
            ],
            DrumsDb = new(-16, -12), BassDb = new(-16, -12), HarmonyDb = new(-20, -16), LeadDb = new(-17, -13),
            PatchBrightness = 1, DynamicsDb = new(1, 3), Reverb = new(0, 0.05),
        },

        // DRONE: barely moving low chords (dorian/phrygian) from organ or FM pads swelling over seconds, a sub-bass
        // pedal, no drums, a faint wind bed, a dark master filter and audible tape hiss. Overlaps ambient.
        new GenreProfile
        {
            Name = "drone",
            Summary = "near-static low modal chords, slow swells, sub-bass pedal, no drums, dark and hissy",
            Tempo = new(40, 62), Kit = DrumKitStyle.None,
            Modes = [Mode.Dorian, Mode.Phrygian, Mode.Minor], Progressions = [[0], [0, 6], [0, 5], [0, 1]],
            BarsPerChord = [2, 4], BassRoot = (28, 38),
            Bass = [BassStyle.Drone], BassChance = 0.9,
            BassPatches = [new(Timbre.Sine) { Attack = 2, Sustain = 1, Release = 3 }, new(Timbre.Saw) { Attack = 2, Sustain = 1, Release = 3, Cutoff = 220 }],
            Harmony = [HarmonyStyle.Pad], HarmonyChance = 1,
            HarmonyPatches =
            [
                new(Timbre.Organ) { Attack = 3, Sustain = 1, Release = 4, Harmonics = 3 },
                new(Timbre.Organ) { Attack = 2, Sustain = 1, Release = 4, Harmonics = 6 },
                new(Timbre.FmPad) { Attack = 3, Sustain = 1, Release = 4, FmIndex = 1.6, FmRatio = 2 },
                new(Timbre.SuperSaw) { Attack = 3, Sustain = 1, Release = 4, Cutoff = 700, Detune = 0.2 },
            ],
            Lead = LeadStyle.Bells, LeadChance = 0.2, LeadDensity = new(0.05, 0.15), LeadOctave = 2,
            LeadPatches = [new(Timbre.FmBell) { Attack = 0.005, Decay = 3, Sustain = 0, Release = 3, FmIndex = 2, FmRatio = 1.41 }],
            BassDb = new(-16, -12), HarmonyDb = new(-16, -12), LeadDb = new(-26, -20), TextureDb = new(-32, -24),
            Brightness = new(900, 3000), Drive = new(0, 0.15), HissDb = new(-42, -28), DynamicsDb = new(4, 8), Reverb = new(0.4, 0.6),
        },

        // LOFI: swung, laid-back boom-bap drums, 7th chords on an FM electric piano (dorian/minor ii-V-I), sine bass,
        // everything low-passed with tape wow, hiss and vinyl crackle. Overlaps balladry (soft, slow) and ambient.
        new GenreProfile
        {
            Name = "lofi",
            Summary = "swung boom-bap at 70-90 BPM, FM e-piano 7th chords, sine bass, low-passed, tape wow, hiss and crackle",
            Tempo = new(68, 90), Swing = new(0.56, 0.66), JitterMs = 9, Kit = DrumKitStyle.Acoustic, FillChance = 0.1, CrashChance = 0.05,
            Patterns = [new("x.........x.....", Backbeat, Eighths), new("x......x..x.....", "....x.......x..o", "x.xox.x.x.xox.x."), new("x.o.......x..x..", Backbeat, "x.x.x.x.x.x.x.xo", "", "...........x....")],
            Modes = [Mode.Dorian, Mode.Minor, Mode.Major], Progressions = [[1, 4, 0, 0], [0, 5, 1, 4], [3, 2, 1, 0], [0, 3]],
            BarsPerChord = [1, 2], BassRoot = (38, 46), Sevenths = true,
            Bass = [BassStyle.Downbeat], BassPatches = [new(Timbre.Sine) { Attack = 0.01, Sustain = 0.9, Release = 0.1 }, new(Timbre.Triangle) { Attack = 0.01, Sustain = 0.8, Release = 0.1, Cutoff = 600 }],
            Harmony = [HarmonyStyle.Comp],
            HarmonyPatches =
            [
                new(Timbre.FmPiano) { Attack = 0.002, Decay = 1.5, Sustain = 0.3, Release = 0.6, FmIndex = 2, FmRatio = 1 },
                new(Timbre.FmPiano) { Attack = 0.002, Decay = 1.0, Sustain = 0.4, Release = 0.5, FmIndex = 1.2, FmRatio = 1 },
                new(Timbre.Pluck) { Decay = 1.5, Release = 0.6, Cutoff = 2500 },
            ],
            Lead = LeadStyle.Melody, LeadChance = 0.35, LeadDensity = new(0.2, 0.4),
            LeadPatches = [new(Timbre.Sine) { Attack = 0.04, Sustain = 0.8, Release = 0.2, Vibrato = 0.2 }, new(Timbre.FmPiano) { Decay = 1, Sustain = 0.3, Release = 0.5, FmIndex = 1 }],
            DrumsDb = new(-15, -11), BassDb = new(-17, -13), HarmonyDb = new(-16, -13), LeadDb = new(-21, -17),
            Brightness = new(2200, 4500), HissDb = new(-36, -28), CracklePerSecond = new(3, 12), WowMs = new(0.8, 2.2),
            CompressionRatio = new(2, 4), DynamicsDb = new(1, 3), Reverb = new(0.1, 0.25),
        },

        // MARCH: 2/4 at walking pace, bass drum on every beat, field snare with rolls and fills, oom-pah brass bass,
        // after-beat brass chords and a bright trumpet-like lead, major keys. Overlaps polka (same meter, oom-pah).
        new GenreProfile
        {
            Name = "march",
            Summary = "2/4 brass band: bass drum on every beat, snare rolls, oom-pah tuba, after-beat brass chords, major",
            Tempo = new(104, 126), BeatsPerBar = 2, Kit = DrumKitStyle.March, FillChance = 0.35, CrashChance = 0.4,
            Patterns = [new("x...x...", "x.rrx.x.", "", "", "x......."), new("x...x...", "x.xrx.x.", ""), new("x...x...", "rrrrx.x.", "")],
            Modes = [Mode.Major, Mode.Major, Mode.Mixolydian], Progressions = [[0, 0, 4, 4, 0, 0, 4, 0], [0, 3, 4, 0], [0, 4, 0, 4], [0, 0, 3, 4]],
            BarsPerChord = [1, 2], BassRoot = (36, 45),
            Bass = [BassStyle.OomPah],
            BassPatches = [new(Timbre.Brass) { Attack = 0.02, Sustain = 0.8, Release = 0.08, Cutoff = 300, EnvCutoff = 700, FilterAttack = 0.03, FilterDecay = 0.2 }, new(Timbre.Saw) { Attack = 0.01, Sustain = 0.7, Release = 0.08, Cutoff = 450 }],
            Harmony = [HarmonyStyle.AfterBeats],
            HarmonyPatches =
            [
                new(Timbre.Brass) { Attack = 0.03, Sustain = 0.8, Release = 0.08, Cutoff = 700, EnvCutoff = 2500, FilterAttack = 0.04, FilterDecay = 0.3 },
                new(Timbre.Brass) { Attack = 0.02, Sustain = 0.8, Release = 0.08, Cutoff = 1200, EnvCutoff = 3500, FilterAttack = 0.03, FilterDecay = 0.25 },
                new(Timbre.Organ) { Attack = 0.01, Sustain = 1, Release = 0.08, Harmonics = 5 },
            ],
            Lead = LeadStyle.Melody, LeadChance = 0.8, LeadDensity = new(0.45, 0.7),
            LeadPatches =
            [
                new(Timbre.Brass) { Attack = 0.03, Sustain = 0.85, Release = 0.1, Cutoff = 1500, EnvCutoff = 4000, FilterAttack = 0.04, FilterDecay = 0.3, Vibrato = 0.1 },
                new(Timbre.Square) { Attack = 0.02, Sustain = 0.9, Release = 0.1, Cutoff = 2500, PulseWidth = 0.5, Vibrato = 0.12 },
            ],
            DrumsDb = new(-13, -9), BassDb = new(-17, -13), HarmonyDb = new(-19, -15), LeadDb = new(-17, -13),
            HissDb = new(-58, -44), CompressionRatio = new(1, 2.5), DynamicsDb = new(2, 5), Reverb = new(0.2, 0.35),
        },

        // NOISECORE: 165-215 BPM blast beats, tremolo-picked distorted power chords in phrygian/locrian moving by
        // semitones, a screamed (noise-source, growling) voice, heavy saturation, compression and a high noise floor.
        new GenreProfile
        {
            Name = "noisecore",
            Summary = "blast beats at 165-215 BPM, distorted tremolo power chords, chromatic phrygian riffs, screamed vocals, noisy and compressed",
            Voice = VoiceStyle.Harsh, VoiceChance = 0.75,
            Tempo = new(165, 215), Kit = DrumKitStyle.Blast, FillChance = 0.3, CrashChance = 0.5,
            Patterns = [new(Eighths, ".x.x.x.x.x.x.x.x", Eighths), new("x.x...x.x.x...x.", Backbeat, Eighths), new("xxxxxxxxxxxxxxxx", Eighths, Eighths)],
            Modes = [Mode.Phrygian, Mode.Locrian, Mode.HarmonicMinor], Progressions = [[0, 1, 0, 1], [0, 6, 5, 1], [0, 0, 1, 4], [0, 4, 1, 0]],
            BarsPerChord = [1], BassRoot = (33, 40),
            Bass = [BassStyle.Tremolo], BassDrive = new(0.4, 0.8),
            BassPatches = [new(Timbre.Guitar) { Attack = 0.002, Sustain = 0.9, Release = 0.02, Cutoff = 700, Detune = 0.08 }],
            Harmony = [HarmonyStyle.Tremolo], HarmonyDrive = new(0.7, 1.0),
            HarmonyPatches =
            [
                new(Timbre.Guitar) { Attack = 0.002, Sustain = 0.9, Release = 0.02, Cutoff = 3500, Detune = 0.1 },
                new(Timbre.Guitar) { Attack = 0.002, Sustain = 0.9, Release = 0.02, Cutoff = 2200, Detune = 0.2 },
            ],
            DrumsDb = new(-13, -10), BassDb = new(-16, -12), HarmonyDb = new(-14, -10), VoiceDb = new(-15, -11),
            Drive = new(0.3, 0.6), HissDb = new(-34, -24), CompressionRatio = new(6, 10), DynamicsDb = new(1, 2), Reverb = new(0.05, 0.12),
        },

        // POLKA: sung, fast 2/4 oom-pah (root/fifth bass on the beat, accordion chords off the beat), snare on the
        // off-beats, bright major keys, an accordion (two detuned reeds) lead. Overlaps march.
        new GenreProfile
        {
            Name = "polka",
            Summary = "sung fast 2/4 oom-pah: accordion reeds off the beat, root/fifth bass on it, off-beat snare, major",
            Voice = VoiceStyle.Clean, VoiceChance = 0.7,
            Tempo = new(112, 144), BeatsPerBar = 2, Kit = DrumKitStyle.Acoustic, FillChance = 0.15, CrashChance = 0.15,
            Patterns = [new("x...x...", "..x...x.", ""), new("x...x...", "..x...xx", "x.x.x.x."), new("x.....x.", "..x...x.", "", "", "x.x.x.x.")],
            Modes = [Mode.Major, Mode.Major, Mode.Mixolydian], Progressions = [[0, 4, 4, 0], [0, 0, 4, 0], [0, 3, 4, 0], [0, 4]],
            BarsPerChord = [1, 2], BassRoot = (38, 47),
            Bass = [BassStyle.OomPah],
            BassPatches = [new(Timbre.Brass) { Attack = 0.02, Sustain = 0.8, Release = 0.08, Cutoff = 300, EnvCutoff = 700, FilterAttack = 0.03, FilterDecay = 0.2 }, new(Timbre.Pluck) { Decay = 0.8, Release = 0.1, Cutoff = 1200 }],
            Harmony = [HarmonyStyle.AfterBeats],
            HarmonyPatches =
            [
                new(Timbre.Reed) { Attack = 0.01, Sustain = 0.9, Release = 0.05, PulseWidth = 0.35, Detune = 0.15, Cutoff = 3500 },
                new(Timbre.Reed) { Attack = 0.01, Sustain = 0.9, Release = 0.05, PulseWidth = 0.45, Detune = 0.1, Cutoff = 2500 },
                new(Timbre.Brass) { Attack = 0.02, Sustain = 0.8, Release = 0.08, Cutoff = 900, EnvCutoff = 2500, FilterAttack = 0.03, FilterDecay = 0.25 },
            ],
            Lead = LeadStyle.Melody, LeadChance = 0.6, LeadDensity = new(0.55, 0.85),
            LeadPatches =
            [
                new(Timbre.Reed) { Attack = 0.01, Sustain = 0.9, Release = 0.05, PulseWidth = 0.4, Detune = 0.15, Cutoff = 4000 },
                new(Timbre.Square) { Attack = 0.02, Sustain = 0.9, Release = 0.1, Cutoff = 2500, PulseWidth = 0.5, Vibrato = 0.12 },
            ],
            DrumsDb = new(-16, -12), BassDb = new(-16, -12), HarmonyDb = new(-16, -12), LeadDb = new(-17, -13), VoiceDb = new(-14, -11),
            HissDb = new(-58, -44), CompressionRatio = new(1.5, 3), DynamicsDb = new(2, 4), Reverb = new(0.1, 0.2),
        },

        // SYNTHPOP: sung, major-key 108-128 BPM, four-on-the-floor or syncopated kick with clap backbeat, eighth-note
        // saw bass, supersaw pads or stabs and a square hook. Overlaps techno (tempo, drum machine, saws) but is
        // major, has chords that move, a voice and no acid line.
        new GenreProfile
        {
            Name = "synthpop",
            Summary = "sung major-key 108-128 BPM: drum machine with clap backbeat, eighth-note saw bass, supersaw pads, square hook",
            Voice = VoiceStyle.Clean, VoiceChance = 0.75,
            Tempo = new(108, 128), Kit = DrumKitStyle.Electronic, FillChance = 0.3, CrashChance = 0.5,
            Patterns = [new(FourOnFloor, Backbeat, Eighths, "", Backbeat), new("x..x..x...x.....", Backbeat, Sixteenths), new("x.....x.x.......", "....x.......x..o", Eighths, "..............x.", Backbeat)],
            Modes = [Mode.Major, Mode.Major, Mode.Lydian, Mode.Mixolydian], Progressions = [[0, 4, 5, 3], [5, 3, 0, 4], [0, 5, 3, 4], [0, 3, 4, 4]],
            BarsPerChord = [1, 2], BassRoot = (38, 47),
            Bass = [BassStyle.RootEighths],
            BassPatches = [new(Timbre.Saw) { Attack = 0.003, Sustain = 0.7, Release = 0.05, Cutoff = 700, Q = 1.2, EnvCutoff = 1500, FilterDecay = 0.12 }, new(Timbre.Square) { Attack = 0.003, Sustain = 0.8, Release = 0.05, Cutoff = 900 }],
            Harmony = [HarmonyStyle.Pad, HarmonyStyle.Stabs],
            HarmonyPatches =
            [
                new(Timbre.SuperSaw) { Attack = 0.08, Sustain = 0.85, Release = 0.4, Cutoff = 3000, Detune = 0.15 },
                new(Timbre.Square) { Attack = 0.05, Sustain = 0.8, Release = 0.3, Cutoff = 2500, PulseWidth = 0.3 },
                new(Timbre.FmPiano) { Attack = 0.002, Decay = 0.8, Sustain = 0.4, Release = 0.3, FmIndex = 2.5, FmRatio = 1 },
            ],
            Lead = LeadStyle.Melody, LeadChance = 0.6, LeadDensity = new(0.45, 0.7),
            LeadPatches = [new(Timbre.Square) { Attack = 0.005, Sustain = 0.8, Release = 0.1, Cutoff = 4000, PulseWidth = 0.25, Vibrato = 0.15 }, new(Timbre.Saw) { Attack = 0.01, Sustain = 0.8, Release = 0.15, Cutoff = 3000 }],
            DrumsDb = new(-14, -10), BassDb = new(-17, -13), HarmonyDb = new(-19, -15), LeadDb = new(-19, -15), VoiceDb = new(-15, -12),
            Brightness = new(6000, 11000), Drive = new(0, 0.1), HissDb = new(-70, -55), CompressionRatio = new(3, 5), DynamicsDb = new(2, 4), Reverb = new(0.15, 0.3),
        },

        // TECHNO: minor/phrygian, 120-136 BPM, four-on-the-floor kick with off-beat open hats and rolling 16ths,
        // a resonant acid (303-like) or off-beat bass over one or two chords, short stabs, hard compression: a flat,
        // loud, repetitive texture. Overlaps synthpop.
        new GenreProfile
        {
            Name = "techno",
            Summary = "minor/phrygian 120-136 BPM: four-on-the-floor, off-beat open hats, resonant acid or off-beat bass, stabs, heavily compressed",
            Tempo = new(120, 136), Kit = DrumKitStyle.Electronic, FillChance = 0.1, CrashChance = 0.3, DrumsChance = 0.95,
            Patterns = [new(FourOnFloor, "", Sixteenths, OffbeatOpen, Backbeat), new(FourOnFloor, "", "oxoxoxoxoxoxoxox", OffbeatOpen), new("x...x...x...x..o", "", OffbeatOpen, "", Backbeat)],
            Modes = [Mode.Minor, Mode.Phrygian, Mode.Dorian], Progressions = [[0], [0, 0, 5, 5], [0, 6], [0, 0, 0, 3]],
            BarsPerChord = [2, 4], BassRoot = (36, 43),
            Bass = [BassStyle.Acid, BassStyle.Offbeat], BassDrive = new(0, 0.3),
            BassPatches =
            [
                new(Timbre.AcidSaw) { Attack = 0.002, Decay = 0.2, Sustain = 0.8, Release = 0.03, Cutoff = 350, Q = 6, EnvCutoff = 2500, FilterDecay = 0.15 },
                new(Timbre.AcidSaw) { Attack = 0.002, Decay = 0.2, Sustain = 0.8, Release = 0.03, Cutoff = 600, Q = 8, EnvCutoff = 1800, FilterDecay = 0.25 },
                new(Timbre.Saw) { Attack = 0.003, Sustain = 0.7, Release = 0.05, Cutoff = 700, Q = 1.2, EnvCutoff = 1500, FilterDecay = 0.12 },
            ],
            Harmony = [HarmonyStyle.Stabs, HarmonyStyle.Stabs, HarmonyStyle.Pad], HarmonyChance = 0.7,
            HarmonyPatches =
            [
                new(Timbre.SuperSaw) { Attack = 0.003, Decay = 0.15, Sustain = 0.3, Release = 0.15, Cutoff = 2200, Detune = 0.15 },
                new(Timbre.Square) { Attack = 0.003, Decay = 0.12, Sustain = 0.3, Release = 0.12, Cutoff = 1800 },
                new(Timbre.FmPad) { Attack = 1, Sustain = 1, Release = 1, FmIndex = 1.2, FmRatio = 2 },
            ],
            DrumsDb = new(-12, -8), BassDb = new(-16, -12), HarmonyDb = new(-21, -16),
            Brightness = new(5000, 11000), Drive = new(0.05, 0.25), HissDb = new(-70, -55), CompressionRatio = new(6, 10), DynamicsDb = new(1, 2), Reverb = new(0.1, 0.25),
        },
    ];
}
