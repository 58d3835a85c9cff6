using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Demo;

/// <summary>Renders notes of one patch additively into a buffer; every note is an independent voice.</summary>
internal static class Synth
{
    private const double SemitoneToRatio = 0.057762265; // ln(2)/12: small-interval approximation of 2^(x/12)-1

    public static void Render(Span<float> dst, IReadOnlyList<Note> notes, Patch patch, int sampleRate, Prng rng, float[] stringBuffer)
    {
        double previousMidi = double.NaN;
        foreach (var note in notes)
        {
            if (patch.Timbre == Timbre.Pluck)
                RenderPluck(dst, note, patch, sampleRate, rng, stringBuffer);
            else
                RenderVoice(dst, note, patch, sampleRate, rng.NextDouble(), note.Slide ? previousMidi : double.NaN);
            previousMidi = note.Midi;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RenderVoice(Span<float> dst, in Note note, Patch p, int sr, double phaseSeed, double slideFrom)
    {
        int start = Math.Max(0, (int)(note.Start * sr));
        if (start >= dst.Length) return;
        int gate = Math.Max(1, (int)(note.Duration * sr));
        int release = Math.Max(1, (int)(p.Release * sr));
        int length = Math.Min(gate + release, dst.Length - start);

        double f = DetMath.MidiToHz(note.Midi);
        double glide = double.IsNaN(slideFrom) ? 0 : DetMath.MidiToHz(slideFrom) / f - 1.0;
        double glideMul = DetMath.DecayPerSample(0.05, sr);

        // Envelope: linear attack, exponential decay to sustain, exponential release.
        int attackN = Math.Max(1, (int)(p.Attack * sr));
        double decayMul = DetMath.DecayPerSample(Math.Max(p.Decay, 0.001) / 3.0, sr);
        double releaseMul = DetMath.DecayPerSample(p.Release / 6.0, sr);
        double decayPart = 1.0, envAtRelease = 0, env = 0;

        // Filter with its own attack/decay envelope (brass swell, acid "wow").
        bool filtered = p.Cutoff > 0;
        var filter = new Svf(filtered ? p.Cutoff : 1000, p.Q, sr);
        bool filterMoves = filtered && p.EnvCutoff != 0;
        double envCutoff = p.EnvCutoff * (note.Accent ? 1.6 : 1.0);
        double filterDecayMul16 = DetMath.DecayPerSample(p.FilterDecay, sr / 16);
        double filterDecay = 1.0;
        int filterAttackN = Math.Max(1, (int)(p.FilterAttack * sr));

        double dt = f / sr, detune = p.Detune * SemitoneToRatio;
        double ph0 = phaseSeed, ph1 = (phaseSeed * 7.31) % 1.0, ph2 = (phaseSeed * 3.77) % 1.0, pm = 0;
        double fmDecayMul = DetMath.DecayPerSample(p.Timbre == Timbre.FmBell ? 1.2 : 0.35, sr);
        double fmEnv = 1.0, tineEnv = 1.0, tineMul = DetMath.DecayPerSample(0.04, sr);
        double vibratoPhase = 0, vibratoStart = 0.12 * sr;
        float gain = (float)(note.Velocity * p.Level * (note.Accent ? 1.3 : 1.0));

        for (int i = 0; i < length; i++)
        {
            // --- pitch: slide from the previous note, delayed vibrato
            double ratio = 1.0;
            if (glide != 0) { ratio += glide; glide *= glideMul; }
            if (p.Vibrato > 0 && i > vibratoStart)
            {
                vibratoPhase += p.VibratoRate / sr;
                ratio *= 1.0 + p.Vibrato * SemitoneToRatio * DetMath.SinCycle(vibratoPhase) * Math.Min(1.0, (i - vibratoStart) / (0.3 * sr));
            }
            double inc = dt * ratio;

            // --- oscillator
            double y;
            switch (p.Timbre)
            {
                case Timbre.Sine: y = DetMath.SinCycle(ph0); break;
                case Timbre.Triangle: y = 4.0 * Math.Abs(ph0 - 0.5) - 1.0; break;
                case Timbre.Saw: case Timbre.Brass: case Timbre.AcidSaw: y = Saw(ph0, inc); break;
                case Timbre.Square: y = Pulse(ph0, inc, p.PulseWidth); break;
                case Timbre.SuperSaw:
                    y = 0.45 * (Saw(ph0, inc) + Saw(ph1, inc * (1 + detune)) + Saw(ph2, inc * (1 - detune)));
                    ph1 += inc * (1 + detune); ph2 += inc * (1 - detune);
                    break;
                case Timbre.Guitar:
                    y = 0.6 * (Saw(ph0, inc) + Saw(ph1, inc * (1 + detune)));
                    ph1 += inc * (1 + detune);
                    break;
                case Timbre.Reed:
                    y = 0.55 * (Pulse(ph0, inc, p.PulseWidth) + Pulse(ph1, inc * (1 + detune), p.PulseWidth));
                    ph1 += inc * (1 + detune);
                    break;
                case Timbre.Organ: y = Organ(ph0, p.Harmonics); break;
                case Timbre.FmPiano:
                    y = DetMath.SinCycle(ph0 + (p.FmIndex * fmEnv + 0.15) * 0.159 * DetMath.SinCycle(pm))
                        + 0.25 * tineEnv * DetMath.SinCycle(ph0 * 14.0);
                    fmEnv *= fmDecayMul; tineEnv *= tineMul; pm += inc * p.FmRatio;
                    break;
                case Timbre.FmBell:
                    y = DetMath.SinCycle(ph0 + p.FmIndex * fmEnv * 0.159 * DetMath.SinCycle(pm));
                    fmEnv *= fmDecayMul; pm += inc * p.FmRatio;
                    break;
                case Timbre.FmPad:
                    if ((i & 63) == 0) fmEnv = p.FmIndex * (0.55 + 0.45 * DetMath.SinCycle(0.21 * i / sr + phaseSeed)) * 0.159;
                    y = DetMath.SinCycle(ph0 + fmEnv * DetMath.SinCycle(pm));
                    pm += inc * p.FmRatio;
                    break;
                case Timbre.ChipPulse: y = ph0 - Math.Floor(ph0) < p.PulseWidth ? 0.6 : -0.6; break;
                case Timbre.ChipTriangle: y = Math.Floor((4.0 * Math.Abs(ph0 - 0.5) - 1.0) * 8.0) / 8.0; break;
                default: y = 0; break;
            }
            ph0 += inc;
            if (ph0 >= 1.0) ph0 -= Math.Floor(ph0);
            if (ph1 >= 1.0) ph1 -= Math.Floor(ph1);
            if (ph2 >= 1.0) ph2 -= Math.Floor(ph2);
            if (pm >= 1.0) pm -= Math.Floor(pm);

            // --- filter
            if (filtered)
            {
                if (filterMoves && (i & 15) == 0)
                {
                    double rise = Math.Min(1.0, (double)i / filterAttackN);
                    filter.Set(p.Cutoff + envCutoff * rise * filterDecay, p.Q, sr);
                    filterDecay *= filterDecayMul16;
                }
                y = filter.Lowpass(y);
            }

            // --- amplitude envelope
            if (i < gate)
            {
                if (i < attackN) env = (double)i / attackN * (p.Sustain + (1 - p.Sustain) * decayPart);
                else { decayPart *= decayMul; env = p.Sustain + (1 - p.Sustain) * decayPart; }
                envAtRelease = env;
            }
            else
            {
                envAtRelease *= releaseMul;
                env = envAtRelease;
            }

            dst[start + i] += (float)(y * env) * gain;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Saw(double t, double dt) => 2.0 * t - 1.0 - PolyBlep(t, dt);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Pulse(double t, double dt, double width)
    {
        double y = t < width ? 1.0 : -1.0;
        double t2 = t - width;
        if (t2 < 0) t2 += 1.0;
        return y + PolyBlep(t, dt) - PolyBlep(t2, dt);
    }

    /// <summary>Polynomial band-limited step: removes most of the aliasing of naive saw/pulse edges.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PolyBlep(double t, double dt)
    {
        if (dt <= 0) return 0;
        if (t < dt) { t /= dt; return t + t - t * t - 1.0; }
        if (t > 1.0 - dt) { t = (t - 1.0) / dt; return t * t + t + t + 1.0; }
        return 0;
    }

    // Drawbar organ: weights of harmonics 1..12 (0 = drawbar not present), cut off after Patch.Harmonics drawbars.
    private static readonly int[] DrawbarHarmonics = [1, 2, 3, 4, 6, 8, 10, 12];
    private static readonly double[] DrawbarWeights = [1.0, 0.6, 0.45, 0.35, 0.25, 0.2, 0.15, 0.1];

    /// <summary>Sum of drawbar harmonics; sin(k x) by the Chebyshev recurrence from sin x and cos x (two lookups).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Organ(double t, int harmonics)
    {
        int n = Math.Clamp(harmonics, 1, DrawbarHarmonics.Length);
        int top = DrawbarHarmonics[n - 1];
        double s1 = DetMath.SinCycle(t), twoCos = 2.0 * DetMath.SinCycle(t + 0.25);
        double previous = 0, current = s1, y = 0;
        int drawbar = 0;
        for (int k = 1; k <= top; k++)
        {
            if (k == DrawbarHarmonics[drawbar]) y += DrawbarWeights[drawbar++] * current;
            double next = twoCos * current - previous;
            previous = current;
            current = next;
        }
        return y * 0.5;
    }

    /// <summary>
    /// Karplus-Strong: a burst of filtered noise circulating in a delay line one period long, averaged each pass
    /// (the string losing its highs). An all-pass tunes the fractional part of the period. Patch.Decay is the ring
    /// time, Patch.Cutoff the pick brightness.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RenderPluck(Span<float> dst, in Note note, Patch p, int sr, Prng rng, float[] buffer)
    {
        int start = Math.Max(0, (int)(note.Start * sr));
        if (start >= dst.Length) return;
        double f = Math.Clamp(DetMath.MidiToHz(note.Midi), 30.0, sr / 6.0);
        double period = sr / f;
        int n = Math.Max(2, (int)Math.Floor(period - 0.6));
        if (n > buffer.Length) n = buffer.Length;
        double delta = period - 0.5 - n;
        double c = (1.0 - delta) / (1.0 + delta);

        var pick = new OnePole(p.Cutoff > 0 ? p.Cutoff : 6000, sr);
        double mean = 0;
        for (int i = 0; i < n; i++) { buffer[i] = (float)pick.Process(rng.NextNoise()); mean += buffer[i]; }
        mean /= n;
        for (int i = 0; i < n; i++) buffer[i] -= (float)mean;

        int gate = Math.Max(1, (int)(note.Duration * sr));
        int release = Math.Max(1, (int)(p.Release * sr));
        int length = Math.Min(gate + release, dst.Length - start);
        double ringLoss = DetMath.Exp(-6.9 / (Math.Max(p.Decay, 0.05) * f));
        double dampLoss = DetMath.Exp(-6.9 / (Math.Max(p.Release, 0.02) * f));
        float gain = (float)(note.Velocity * p.Level * 1.6);
        int fadeN = Math.Min(length, (int)(0.005 * sr));

        double previous = 0, apX = 0, apY = 0;
        int idx = 0;
        for (int i = 0; i < length; i++)
        {
            double x = buffer[idx];
            double average = 0.5 * (x + previous);
            previous = x;
            double y = c * average + apX - c * apY;
            apX = average;
            apY = y;
            buffer[idx] = (float)(y * (i < gate ? ringLoss : dampLoss));
            if (++idx == n) idx = 0;
            float fade = i >= length - fadeN ? (float)(length - i) / fadeN : 1f;
            dst[start + i] += (float)x * gain * fade;
        }
    }
}
