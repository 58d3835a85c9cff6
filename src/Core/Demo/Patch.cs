namespace MusicDashboard.Core.Demo;

/// <summary>How an instrument sounds: oscillator, ADSR envelope, filter and modulation.</summary>
internal sealed record Patch(Timbre Timbre)
{
    public double Attack { get; init; } = 0.005;
    public double Decay { get; init; } = 0.3;      // for Pluck: ring time (T60) of the string
    public double Sustain { get; init; } = 0.7;
    public double Release { get; init; } = 0.15;
    public double Cutoff { get; init; }            // Hz of a 12 dB low-pass; 0 = unfiltered
    public double Q { get; init; } = 0.707;
    public double EnvCutoff { get; init; }         // Hz added at the peak of the filter envelope
    public double FilterAttack { get; init; } = 0.003;
    public double FilterDecay { get; init; } = 0.25;
    public double Detune { get; init; } = 0.12;    // semitones between unison voices
    public double PulseWidth { get; init; } = 0.5;
    public int Harmonics { get; init; } = 4;
    public double Vibrato { get; init; }           // semitones
    public double VibratoRate { get; init; } = 5.5;
    public double FmIndex { get; init; } = 2.0;
    public double FmRatio { get; init; } = 1.0;
    public double Level { get; init; } = 1.0;
}
