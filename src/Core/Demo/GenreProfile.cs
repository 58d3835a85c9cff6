namespace MusicDashboard.Core.Demo;

/// <summary>
/// Everything that defines a synthetic genre: the ranges each track's tempo, key, instruments, levels and effects are
/// drawn from. Within a genre tracks vary (tempo, key, progression, instrument choice, brightness, mix, arrangement);
/// across genres they differ in several musical dimensions at once.
/// </summary>
internal sealed class GenreProfile
{
    public required string Name { get; init; }
    public required string Summary { get; init; }
    public VoiceStyle Voice { get; init; }
    public double VoiceChance { get; init; } = 0.75;   // per section, when the genre is vocal

    // Rhythm
    public required ValueRange Tempo { get; init; }
    public int BeatsPerBar { get; init; } = 4;
    public ValueRange Swing { get; init; } = 0.5;      // 0.5 straight, 0.66 triplet swing (on 16ths)
    public double JitterMs { get; init; }              // humanised timing
    public DrumKitStyle Kit { get; init; }
    public DrumPattern[] Patterns { get; init; } = [];
    public double DrumsChance { get; init; } = 0.9;
    public double FillChance { get; init; } = 0.2;
    public double CrashChance { get; init; } = 0.3;

    // Harmony
    public required Mode[] Modes { get; init; }
    public required int[][] Progressions { get; init; } // scale degrees, 0 = tonic
    public int[] BarsPerChord { get; init; } = [1, 2];
    public (int Low, int High) BassRoot { get; init; } = (38, 47); // MIDI range of the key's bass-register tonic
    public bool Sevenths { get; init; }

    // Instruments (one patch of each list is chosen per track)
    public BassStyle[] Bass { get; init; } = [BassStyle.None];
    public Patch[] BassPatches { get; init; } = [];
    public double BassChance { get; init; } = 0.9;
    public ValueRange BassDrive { get; init; } = 0;
    public HarmonyStyle[] Harmony { get; init; } = [HarmonyStyle.None];
    public Patch[] HarmonyPatches { get; init; } = [];
    public int HarmonyOctave { get; init; } = 1;        // octaves above the bass tonic
    public int[] ArpeggioSteps { get; init; } = [2];    // 16ths per arpeggio note
    public double HarmonyChance { get; init; } = 0.9;
    public ValueRange HarmonyDrive { get; init; } = 0;
    public LeadStyle Lead { get; init; }
    public Patch[] LeadPatches { get; init; } = [];
    public ValueRange LeadDensity { get; init; } = 0.5;
    public double LeadChance { get; init; } = 0.6;
    public int LeadOctave { get; init; } = 2;

    // Mix levels (dB, active RMS of each part)
    public ValueRange DrumsDb { get; init; } = -12;
    public ValueRange BassDb { get; init; } = -15;
    public ValueRange HarmonyDb { get; init; } = -16;
    public ValueRange LeadDb { get; init; } = -18;
    public ValueRange VoiceDb { get; init; } = -14;
    public ValueRange TextureDb { get; init; } = -200;  // wind/surf noise bed; below -100 = none

    // Sound of the whole track
    public ValueRange Brightness { get; init; } = 0;     // Hz of a master low-pass; 0 = open
    public ValueRange PatchBrightness { get; init; } = new(0.7, 1.4); // scales every patch cutoff
    public ValueRange Drive { get; init; } = 0;
    public ValueRange HissDb { get; init; } = -90;       // noise floor relative to the music
    public ValueRange CracklePerSecond { get; init; } = 0;
    public ValueRange WowMs { get; init; } = 0;
    public ValueRange CompressionRatio { get; init; } = 1;
    public ValueRange DynamicsDb { get; init; } = 2;     // how much louder/quieter sections get
    public ValueRange Reverb { get; init; } = 0.15;
}
