using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Demo;

/// <summary>
/// Turns a score into samples: renders each part into a stem, levels it, mixes, then runs the master chain
/// (reverb, tape wow, drive, compression, tone, section dynamics, noise floor) and peak-normalises below full scale.
/// One instance per worker thread: the buffers are reused from track to track, nothing is allocated per sample.
/// </summary>
internal sealed class TrackRenderer
{
    private readonly int _sampleRate;
    private readonly float[] _mix, _stem, _send, _scratch, _string;

    public TrackRenderer(int samples, int sampleRate)
    {
        _sampleRate = sampleRate;
        _mix = new float[samples];
        _stem = new float[samples];
        _send = new float[samples];
        _scratch = new float[samples];
        _string = new float[sampleRate / 20 + 8];
    }

    /// <summary>Renders the track; the returned span is valid until the next call.</summary>
    public ReadOnlySpan<float> Render(TrackPlan plan, Score score, Prng rng, CancellationToken ct)
    {
        int sr = _sampleRate;
        var g = plan.Genre;
        Array.Clear(_mix);
        Array.Clear(_send);

        if (score.Drums.Count > 0)
        {
            var kit = Drums.BuildKit(g.Kit, sr, rng);
            Stem(s => Drums.Render(s, kit, score.Drums, sr), plan.DrumsDb, send: g.Kit is DrumKitStyle.Brush or DrumKitStyle.March ? 0.3 : 0.08, drive: 0, plan.Reverb);
        }
        ct.ThrowIfCancellationRequested();
        if (score.Bass.Count > 0 && plan.BassPatch is { } bass)
            Stem(s => Synth.Render(s, score.Bass, bass, sr, rng, _string), plan.BassDb, send: 0.05, plan.BassDrive, plan.Reverb);
        if (score.Harmony.Count > 0 && plan.HarmonyPatch is { } harmony)
            Stem(s => Synth.Render(s, score.Harmony, harmony, sr, rng, _string), plan.HarmonyDb, send: 1.0, plan.HarmonyDrive, plan.Reverb);
        ct.ThrowIfCancellationRequested();
        if (score.Lead.Count > 0 && plan.LeadPatch is { } lead)
            Stem(s => Synth.Render(s, score.Lead, lead, sr, rng, _string), plan.LeadDb, send: 0.8, drive: 0, plan.Reverb);
        if (plan.TextureDb > -100)
            Stem(s => Texture(s, rng, sr), plan.TextureDb, send: 0.5, drive: 0, plan.Reverb);
        if (score.Voice.Count > 0)
            Stem(s => FormantVoice.Render(s, score.Voice, g.Voice, plan.VoiceTract, sr, rng), plan.VoiceDb, send: 0.6, drive: 0, plan.Reverb);
        ct.ThrowIfCancellationRequested();

        var mix = _mix.AsSpan();
        if (plan.Reverb > 0) Dsp.Reverb(_send, mix, roomSize: 0.4 + plan.Reverb * 0.6, damping: 0.4, sr);
        Dsp.Wow(mix, plan.WowMs * 0.001, 0.55, sr, _scratch);
        if (plan.Drive > 0) Dsp.Drive(mix, plan.Drive);
        if (plan.CompressionRatio > 1)
        {
            double thresholdDb = DetMath.GainToDb(Dsp.ActiveRms(mix)) - 2;
            Dsp.Compress(mix, thresholdDb, plan.CompressionRatio, 0.004, 0.12, sr);
        }
        if (plan.Brightness > 0) Dsp.Lowpass(mix, plan.Brightness, 0.707, sr);
        Dsp.RemoveDc(mix, 20, sr);
        ApplyDynamics(mix, score.Dynamics, sr);
        AddNoiseFloor(mix, plan, rng);

        float peak = Dsp.Peak(mix);
        float gain = peak > 0 ? (float)(plan.PeakTarget / peak) : 0f;
        int fade = Math.Min(mix.Length / 2, sr / 100);
        for (int i = 0; i < mix.Length; i++)
        {
            float edge = i < fade ? (float)i / fade : i >= mix.Length - fade ? (float)(mix.Length - 1 - i) / fade : 1f;
            mix[i] *= gain * edge;
        }
        return mix;
    }

    /// <summary>Renders one part, optionally overdrives it, levels it to its target loudness and mixes it in.</summary>
    private void Stem(Action<Span<float>> render, double levelDb, double send, double drive, double reverb)
    {
        Array.Clear(_stem);
        render(_stem);
        if (drive > 0) Dsp.Drive(_stem, drive);
        double rms = Dsp.ActiveRms(_stem);
        if (rms <= 1e-9) return;
        float gain = (float)(DetMath.DbToGain(levelDb) / rms);
        Dsp.AddScaled(_stem, _mix, gain);
        if (reverb > 0 && send > 0) Dsp.AddScaled(_stem, _send, gain * (float)(send * reverb));
    }

    /// <summary>
    /// A wind/surf bed: noise through a low-pass whose cutoff drifts slowly, with slow swells like waves. It fills
    /// the spectrum between the tones of pad-based genres as field recordings do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Texture(Span<float> x, Prng rng, int sr)
    {
        double sweepRate = rng.Between(0.05, 0.15), swellRate = rng.Between(0.06, 0.2);
        double sweepPhase = rng.NextDouble(), swellPhase = rng.NextDouble();
        double low = rng.Between(300, 800), high = low * rng.Between(3, 8);
        var filter = new Svf(low, 0.9, sr);
        var pink = new OnePole(2000, sr);
        for (int i = 0; i < x.Length; i++)
        {
            if ((i & 63) == 0)
            {
                double t = (double)i / sr;
                double sweep = 0.5 + 0.5 * DetMath.SinCycle(sweepPhase + sweepRate * t);
                filter.Set(low + (high - low) * sweep * sweep, 0.9, sr);
            }
            double swell = 0.35 + 0.65 * (0.5 + 0.5 * DetMath.SinCycle(swellPhase + swellRate * i / sr));
            x[i] = (float)(filter.Lowpass(pink.Process(rng.NextNoise()) * 3.0 + 0.3 * rng.NextNoise()) * swell);
        }
    }

    /// <summary>Section loudness: piecewise-linear in dB between breakpoints, so sections swell and fall smoothly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ApplyDynamics(Span<float> x, List<(double Time, double Db)> points, int sr)
    {
        if (points.Count == 0) return;
        int p = 0;
        const int block = 64;
        for (int start = 0; start < x.Length; start += block)
        {
            double t = (double)start / sr;
            while (p + 1 < points.Count && points[p + 1].Time <= t) p++;
            double db;
            if (t <= points[0].Time) db = points[0].Db;
            else if (p + 1 >= points.Count) db = points[^1].Db;
            else
            {
                var (t0, d0) = points[p];
                var (t1, d1) = points[p + 1];
                db = d0 + (d1 - d0) * Math.Clamp((t - t0) / Math.Max(t1 - t0, 1e-6), 0, 1);
            }
            float gain = (float)DetMath.DbToGain(db);
            int end = Math.Min(start + block, x.Length);
            for (int i = start; i < end; i++) x[i] *= gain;
        }
    }

    /// <summary>Tape hiss (slightly pink) at a level relative to the music, plus vinyl crackle clicks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddNoiseFloor(Span<float> x, TrackPlan plan, Prng rng)
    {
        int sr = _sampleRate;
        double rms = Dsp.ActiveRms(x);
        if (rms <= 0) return;
        if (plan.HissDb > -85)
        {
            var tone = new OnePole(6000, sr);
            float level = (float)(rms * DetMath.DbToGain(plan.HissDb) * 1.9);
            for (int i = 0; i < x.Length; i++) x[i] += (float)tone.Process(rng.NextNoise()) * level;
        }
        if (plan.CracklePerSecond > 0)
        {
            double p = plan.CracklePerSecond / sr;
            float level = (float)(rms * 1.5);
            for (int i = 0; i < x.Length; i++)
            {
                if (rng.NextDouble() >= p) continue;
                float a = level * (float)rng.Between(0.2, 1.0) * (rng.Chance(0.5) ? 1 : -1);
                int n = Math.Min(x.Length - i, 1 + rng.Next(sr / 1000 + 1));
                for (int k = 0; k < n; k++) x[i + k] += a * (1f - (float)k / n);
            }
        }
    }
}
