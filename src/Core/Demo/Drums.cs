using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Demo;

internal static class Drums
{
    public static float[][] BuildKit(DrumKitStyle style, int sr, Prng rng)
    {
        double tune = rng.Between(0.88, 1.14), decay = rng.Between(0.8, 1.25), bright = rng.Between(0.8, 1.2);
        var kit = new float[6][];
        switch (style)
        {
            case DrumKitStyle.Electronic:
                kit[(int)DrumSound.Kick] = Kick(sr, rng, 150 * tune, 48 * tune, 0.035, 0.18 * decay, 0.15, triangle: false);
                kit[(int)DrumSound.Snare] = NoiseHit(sr, rng, 1800 * bright, 1.2, 0.001, 0.064 * decay, 185 * tune, 0.5, 0.07);
                kit[(int)DrumSound.ClosedHat] = Metal(sr, rng, 0.018 * decay, 7000 * bright, 0.7);
                kit[(int)DrumSound.OpenHat] = Metal(sr, rng, 0.12 * decay, 6500 * bright, 0.7);
                kit[(int)DrumSound.Perc] = Clap(sr, rng, 1300 * bright, 0.08 * decay);
                kit[(int)DrumSound.Crash] = Metal(sr, rng, 0.48 * decay, 4500 * bright, 0.5);
                break;
            case DrumKitStyle.Acoustic:
                kit[(int)DrumSound.Kick] = Kick(sr, rng, 110 * tune, 55 * tune, 0.02, 0.088 * decay, 0.6, triangle: false);
                kit[(int)DrumSound.Snare] = NoiseHit(sr, rng, 3500 * bright, 0.8, 0.001, 0.08 * decay, 200 * tune, 0.6, 0.05);
                kit[(int)DrumSound.ClosedHat] = NoiseHit(sr, rng, 8000 * bright, 0.7, 0.001, 0.02 * decay, 0, 0, 0, highpass: true);
                kit[(int)DrumSound.OpenHat] = NoiseHit(sr, rng, 7000 * bright, 0.7, 0.001, 0.14 * decay, 0, 0, 0, highpass: true);
                kit[(int)DrumSound.Perc] = NoiseHit(sr, rng, 1700 * tune, 4.0, 0.0005, 0.03, 1700 * tune, 0.8, 0.02); // rim
                kit[(int)DrumSound.Crash] = Metal(sr, rng, 0.56 * decay, 5000 * bright, 0.9);
                break;
            case DrumKitStyle.Chip:
                kit[(int)DrumSound.Kick] = Kick(sr, rng, 220 * tune, 50 * tune, 0.02, 0.048 * decay, 0.0, triangle: true);
                kit[(int)DrumSound.Snare] = Lfsr(sr, rng, 5000 * tune, 0.048 * decay, shortMode: false);
                kit[(int)DrumSound.ClosedHat] = Lfsr(sr, rng, 16000 * tune, 0.012 * decay, shortMode: true);
                kit[(int)DrumSound.OpenHat] = Lfsr(sr, rng, 14000 * tune, 0.06 * decay, shortMode: false);
                kit[(int)DrumSound.Perc] = Lfsr(sr, rng, 9000 * tune, 0.024 * decay, shortMode: true);
                kit[(int)DrumSound.Crash] = Lfsr(sr, rng, 12000 * tune, 0.24 * decay, shortMode: false);
                break;
            case DrumKitStyle.Brush:
                kit[(int)DrumSound.Kick] = Kick(sr, rng, 90 * tune, 55 * tune, 0.03, 0.1 * decay, 0.05, triangle: false);
                kit[(int)DrumSound.Snare] = NoiseHit(sr, rng, 3000 * bright, 0.5, 0.03, 0.088 * decay, 0, 0, 0);
                kit[(int)DrumSound.ClosedHat] = NoiseHit(sr, rng, 5000 * bright, 0.6, 0.012, 0.028 * decay, 0, 0, 0, highpass: true);
                kit[(int)DrumSound.OpenHat] = NoiseHit(sr, rng, 4000 * bright, 0.5, 0.05, 0.16 * decay, 0, 0, 0);
                kit[(int)DrumSound.Perc] = NoiseHit(sr, rng, 6000 * bright, 0.6, 0.015, 0.024 * decay, 0, 0, 0, highpass: true); // shaker
                kit[(int)DrumSound.Crash] = Metal(sr, rng, 0.72 * decay, 3500 * bright, 0.4);
                break;
            case DrumKitStyle.March:
                kit[(int)DrumSound.Kick] = Kick(sr, rng, 75 * tune, 50 * tune, 0.05, 0.2 * decay, 0.1, triangle: false);
                kit[(int)DrumSound.Snare] = NoiseHit(sr, rng, 4500 * bright, 0.9, 0.0005, 0.056 * decay, 260 * tune, 0.45, 0.04);
                kit[(int)DrumSound.ClosedHat] = NoiseHit(sr, rng, 4500 * bright, 0.9, 0.0005, 0.028 * decay, 260 * tune, 0.3, 0.02);
                kit[(int)DrumSound.OpenHat] = Metal(sr, rng, 0.24 * decay, 4000 * bright, 0.8);
                kit[(int)DrumSound.Perc] = Metal(sr, rng, 0.1 * decay, 3000 * bright, 1.0); // cymbal clash
                kit[(int)DrumSound.Crash] = Metal(sr, rng, 0.64 * decay, 3500 * bright, 0.9);
                break;
            case DrumKitStyle.Blast:
                kit[(int)DrumSound.Kick] = Kick(sr, rng, 140 * tune, 60 * tune, 0.012, 0.044 * decay, 1.0, triangle: false);
                kit[(int)DrumSound.Snare] = NoiseHit(sr, rng, 5000 * bright, 0.7, 0.0005, 0.052 * decay, 240 * tune, 0.5, 0.03);
                kit[(int)DrumSound.ClosedHat] = Metal(sr, rng, 0.07 * decay, 5000 * bright, 0.5); // ride
                kit[(int)DrumSound.OpenHat] = Metal(sr, rng, 0.36 * decay, 3000 * bright, 1.0); // china
                kit[(int)DrumSound.Perc] = NoiseHit(sr, rng, 2500 * bright, 1.0, 0.0005, 0.032 * decay, 400 * tune, 0.5, 0.02);
                kit[(int)DrumSound.Crash] = Metal(sr, rng, 0.6 * decay, 3000 * bright, 1.0);
                break;
            default:
                for (int i = 0; i < kit.Length; i++) kit[i] = [];
                break;
        }
        return kit;
    }

    public static void Render(Span<float> dst, float[][] kit, IReadOnlyList<DrumHit> hits, int sr)
    {
        foreach (var hit in hits)
        {
            var sound = kit[(int)hit.Sound];
            int start = (int)(hit.Time * sr);
            if (start < 0 || start >= dst.Length || sound.Length == 0) continue;
            int n = Math.Min(sound.Length, dst.Length - start);
            Dsp.AddScaled(sound.AsSpan(0, n), dst.Slice(start, n), hit.Velocity);
        }
    }

    private static int LengthFor(double decaySeconds, int sr) => Math.Min((int)(decaySeconds * 7 * sr) + 1, 3 * sr);

    /// <summary>Kick: an oscillator whose pitch falls exponentially (the "boom"), plus an optional beater click.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] Kick(int sr, Prng rng, double fStart, double fEnd, double pitchDecay, double ampDecay, double click, bool triangle)
    {
        var x = new float[LengthFor(ampDecay, sr)];
        double phase = 0, pitchMul = DetMath.DecayPerSample(pitchDecay, sr), ampMul = DetMath.DecayPerSample(ampDecay, sr);
        double clickMul = DetMath.DecayPerSample(0.002, sr), pitch = 1.0, amp = 1.0, clickEnv = click;
        var clickFilter = new Svf(3000, 0.7, sr);
        for (int i = 0; i < x.Length; i++)
        {
            double f = fEnd + (fStart - fEnd) * pitch;
            double osc = triangle ? Math.Floor((4.0 * Math.Abs(phase - 0.5) - 1.0) * 8.0) / 8.0 : DetMath.SinCycle(phase);
            double y = osc * amp + clickEnv * clickFilter.Bandpass(rng.NextNoise());
            phase += f / sr;
            if (phase >= 1) phase -= 1;
            pitch *= pitchMul; amp *= ampMul; clickEnv *= clickMul;
            x[i] = (float)y;
        }
        return x;
    }

    /// <summary>Filtered noise with an attack/decay envelope plus an optional pitched body (snare shell, rim).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] NoiseHit(int sr, Prng rng, double cutoff, double q, double attack, double decay,
        double toneHz, double toneAmount, double toneDecay, bool highpass = false)
    {
        var x = new float[LengthFor(Math.Max(decay, toneDecay), sr)];
        var filter = new Svf(cutoff, q, sr);
        double ampMul = DetMath.DecayPerSample(decay, sr), toneMul = DetMath.DecayPerSample(Math.Max(toneDecay, 0.001), sr);
        double amp = 1, tone = toneAmount, phase = 0;
        int attackN = Math.Max(1, (int)(attack * sr));
        for (int i = 0; i < x.Length; i++)
        {
            double n = rng.NextNoise();
            double filtered = highpass ? filter.Highpass(n) : filter.Bandpass(n) * 1.5;
            double rise = i < attackN ? (double)i / attackN : 1.0;
            double y = filtered * amp * rise + tone * DetMath.SinCycle(phase);
            phase += toneHz / sr;
            if (phase >= 1) phase -= 1;
            if (i >= attackN) amp *= ampMul;
            tone *= toneMul;
            x[i] = (float)y;
        }
        return x;
    }

    /// <summary>Hand clap: three quick noise bursts then a short tail, band-passed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] Clap(int sr, Prng rng, double cutoff, double decay)
    {
        var x = new float[LengthFor(decay, sr)];
        var filter = new Svf(cutoff, 1.5, sr);
        int burst = (int)(0.011 * sr);
        double tailMul = DetMath.DecayPerSample(decay, sr), tail = 1, burstMul = DetMath.DecayPerSample(0.004, sr), b = 1;
        for (int i = 0; i < x.Length; i++)
        {
            if (i < 3 * burst && i % burst == 0) b = 1;
            double env = i < 3 * burst ? b : tail;
            b *= burstMul;
            if (i >= 3 * burst) tail *= tailMul;
            x[i] = (float)(filter.Bandpass(rng.NextNoise()) * env * 1.8);
        }
        return x;
    }

    /// <summary>Metallic cymbal/hat: six square waves at inharmonic ratios (the 808 recipe) plus noise, high-passed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] Metal(int sr, Prng rng, double decay, double highpassHz, double noiseMix)
    {
        ReadOnlySpan<double> freqs = [205.3, 304.4, 369.6, 522.7, 540.0, 800.0];
        var phases = new double[6];
        var x = new float[LengthFor(decay, sr)];
        var hp = new Svf(highpassHz, 0.9, sr);
        double amp = 1, ampMul = DetMath.DecayPerSample(decay, sr);
        double scale = rng.Between(0.95, 1.4);
        for (int i = 0; i < x.Length; i++)
        {
            double m = 0;
            for (int k = 0; k < 6; k++)
            {
                m += phases[k] < 0.5 ? 1 : -1;
                phases[k] += freqs[k] * scale / sr;
                if (phases[k] >= 1) phases[k] -= 1;
            }
            double y = (1 - noiseMix) * m / 6 + noiseMix * rng.NextNoise();
            x[i] = (float)(hp.Highpass(y) * amp);
            amp *= ampMul;
        }
        return x;
    }

    /// <summary>Sound-chip noise: a 15-bit linear feedback shift register clocked at <paramref name="clockHz"/>;
    /// the short mode (tap 6) gives the metallic, pitched noise of NES hi-hats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] Lfsr(int sr, Prng rng, double clockHz, double decay, bool shortMode)
    {
        var x = new float[LengthFor(decay, sr)];
        int register = 1 + rng.Next(0x7FFE);
        double clock = 0, amp = 1, ampMul = DetMath.DecayPerSample(decay, sr);
        for (int i = 0; i < x.Length; i++)
        {
            clock += clockHz / sr;
            while (clock >= 1)
            {
                clock -= 1;
                int bit = (register ^ (register >> (shortMode ? 6 : 1))) & 1;
                register = (register >> 1) | (bit << 14);
            }
            x[i] = (float)(((register & 1) == 0 ? 0.7 : -0.7) * amp);
            amp *= ampMul;
        }
        return x;
    }
}
