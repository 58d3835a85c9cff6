namespace MusicDashboard.Core.Demo;

/// <summary>Everything drawn for one track from its genre's ranges.</summary>
internal sealed class TrackPlan
{
    public required GenreProfile Genre { get; init; }
    public double Bpm { get; init; }
    public int StepsPerBar { get; init; }
    public double StepSeconds { get; init; }
    public double Swing { get; init; }
    public int Root { get; init; }
    public Mode Mode { get; init; }
    public required int[] Progression { get; init; }
    public int BarsPerChord { get; init; }
    public DrumPattern? Pattern { get; init; }
    public BassStyle Bass { get; init; }
    public Patch? BassPatch { get; init; }
    public HarmonyStyle Harmony { get; init; }
    public Patch? HarmonyPatch { get; init; }
    public Patch? LeadPatch { get; init; }
    public double LeadDensity { get; init; }
    public double VoiceTract { get; init; }
    public double DrumsDb { get; init; }
    public double BassDb { get; init; }
    public double HarmonyDb { get; init; }
    public double LeadDb { get; init; }
    public double VoiceDb { get; init; }
    public double TextureDb { get; init; }
    public double BassDrive { get; init; }
    public double HarmonyDrive { get; init; }
    public double Brightness { get; init; }
    public double Drive { get; init; }
    public double HissDb { get; init; }
    public double CracklePerSecond { get; init; }
    public double WowMs { get; init; }
    public double CompressionRatio { get; init; }
    public double Reverb { get; init; }
    public double PeakTarget { get; init; }

    public double BarSeconds => StepsPerBar * StepSeconds;
}
