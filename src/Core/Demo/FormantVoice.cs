using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Demo;

/// <summary>
/// A "singer": a glottal-like saw source at the melody pitch (with portamento and delayed vibrato) through three
/// band-pass formant filters that glide between vowel targets, so the line sounds vowel-like ("ah", "ee", "oo").
/// A short noise burst at each onset stands in for consonants. The harsh style (noisecore) drowns the source in
/// noise, adds a growling subharmonic and overdrives the result.
/// </summary>
internal static class FormantVoice
{
    public const string Vowels = "aeiou";

    // F1, F2, F3 in Hz (adult averages) for a, e, i, o, u.
    private static readonly double[][] Formants =
    [
        [800, 1150, 2900],
        [450, 1900, 2600],
        [300, 2300, 3000],
        [480, 820, 2800],
        [330, 750, 2500],
    ];

    private static readonly double[] FormantGain = [1.0, 0.55, 0.3];
    private static readonly double[] FormantQ = [7.0, 12.0, 18.0];

    public static int VowelIndex(char c) => Math.Max(0, Vowels.IndexOf(char.ToLowerInvariant(c) == 'y' ? 'i' : char.ToLowerInvariant(c)));

    /// <param name="tractScale">Vocal tract size: formants scale with it (different "singers").</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Render(Span<float> dst, IReadOnlyList<VocalNote> notes, VoiceStyle style, double tractScale, int sr, Prng rng)
    {
        if (style == VoiceStyle.None || notes.Count == 0) return;
        bool harsh = style == VoiceStyle.Harsh;
        double qScale = harsh ? 0.5 : 1.0;

        var filters = new Svf[3];
        var current = new double[3];
        for (int k = 0; k < 3; k++) { current[k] = Formants[0][k] * tractScale; filters[k] = new Svf(current[k], FormantQ[k] * qScale, sr); }
        var breath = new Svf(4000, 0.7, sr);

        double glideCoef = 1.0 - DetMath.DecayPerSample(harsh ? 0.02 : 0.04, sr);
        double formantCoef = 1.0 - DetMath.DecayPerSample(0.025, sr / 16);
        double phase = 0, subPhase = 0, vibratoPhase = rng.NextDouble();
        double currentHz = DetMath.MidiToHz(notes[0].Midi);
        int attackN = (int)(0.04 * sr), releaseN = (int)(0.09 * sr);
        double releaseMul = DetMath.DecayPerSample(0.09 / 5.0, sr);
        double consonantMul = DetMath.DecayPerSample(0.012, sr);

        for (int k = 0; k < notes.Count; k++)
        {
            var note = notes[k];
            int start = Math.Max(0, (int)(note.Start * sr));
            if (start >= dst.Length) break;
            int gate = Math.Max(1, (int)(note.Duration * sr));
            int end = Math.Min(dst.Length, start + gate + releaseN);
            if (k + 1 < notes.Count) end = Math.Min(end, Math.Max(start + 1, (int)(notes[k + 1].Start * sr)));
            double targetHz = DetMath.MidiToHz(note.Midi);
            var target = Formants[Math.Clamp(note.Vowel, 0, 4)];
            double env = 0, consonant = rng.Chance(0.6) ? 1.0 : 0.0;
            double vibratoDepth = harsh ? 0.0 : 0.35 * 0.0578;

            for (int i = start; i < end; i++)
            {
                int t = i - start;
                currentHz += (targetHz - currentHz) * glideCoef;
                double vib = t > 0.18 * sr ? vibratoDepth * Math.Min(1.0, (t - 0.18 * sr) / (0.25 * sr)) : 0;
                vibratoPhase += 5.3 / sr;
                double inc = currentHz * (1.0 + vib * DetMath.SinCycle(vibratoPhase)) / sr;

                if ((t & 15) == 0)
                {
                    for (int f = 0; f < 3; f++)
                    {
                        current[f] += (target[f] * tractScale * (harsh ? 1.15 : 1.0) - current[f]) * formantCoef;
                        filters[f].Set(current[f], FormantQ[f] * qScale, sr);
                    }
                }

                // Source: saw (rich in harmonics like the glottal pulse) plus breath.
                double saw = 2.0 * phase - 1.0;
                phase += inc;
                if (phase >= 1.0) phase -= 1.0;
                double noise = rng.NextNoise();
                double source;
                if (harsh)
                {
                    subPhase += inc * 0.5;
                    if (subPhase >= 1.0) subPhase -= 1.0;
                    source = (0.5 * saw + 0.9 * noise) * (subPhase < 0.5 ? 1.0 : 0.55);
                }
                else
                {
                    source = saw + 0.06 * noise;
                }

                double y = 0;
                for (int f = 0; f < 3; f++) y += FormantGain[f] * filters[f].Bandpass(source);
                y += consonant * 0.5 * breath.Highpass(noise);
                consonant *= consonantMul;

                if (t < gate) env = t < attackN ? (double)t / attackN : 1.0;
                else env *= releaseMul;
                double sample = y * env * note.Velocity;
                if (harsh) sample = DetMath.SoftClip((float)(sample * 3.0)) * 0.5;
                dst[i] += (float)sample;
            }
        }
    }
}
