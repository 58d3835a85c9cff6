using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Demo;

/// <summary>Whole-buffer effects of the mix bus.</summary>
internal static class Dsp
{
    /// <summary>Schroeder/Freeverb-style mono reverb: four damped combs into two all-passes. Adds the wet signal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Reverb(ReadOnlySpan<float> send, Span<float> output, double roomSize, double damping, int sampleRate)
    {
        double scale = sampleRate / 44100.0;
        float feedback = (float)(0.7 + 0.28 * Math.Clamp(roomSize, 0, 1));
        float damp = (float)Math.Clamp(damping, 0, 0.95);
        var c0 = new Comb((int)(1116 * scale), feedback, damp);
        var c1 = new Comb((int)(1188 * scale), feedback, damp);
        var c2 = new Comb((int)(1277 * scale), feedback, damp);
        var c3 = new Comb((int)(1356 * scale), feedback, damp);
        var a0 = new Allpass((int)(556 * scale));
        var a1 = new Allpass((int)(441 * scale));
        int n = Math.Min(send.Length, output.Length);
        for (int i = 0; i < n; i++)
        {
            float input = send[i] * 0.25f;
            float sum = c0.Process(input) + c1.Process(input) + c2.Process(input) + c3.Process(input);
            output[i] += a1.Process(a0.Process(sum));
        }
    }

    /// <summary>Feedback comb with a one-pole low-pass in the loop (high frequencies die away first, like a room).</summary>
    private struct Comb(int length, float feedback, float damp)
    {
        private readonly float[] _buffer = new float[Math.Max(1, length)];
        private int _index;
        private float _filter;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Process(float input)
        {
            float y = _buffer[_index];
            _filter = y * (1 - damp) + _filter * damp;
            _buffer[_index] = input + _filter * feedback;
            if (++_index == _buffer.Length) _index = 0;
            return y;
        }
    }

    private struct Allpass(int length)
    {
        private readonly float[] _buffer = new float[Math.Max(1, length)];
        private int _index;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Process(float input)
        {
            float delayed = _buffer[_index];
            _buffer[_index] = input + delayed * 0.5f;
            if (++_index == _buffer.Length) _index = 0;
            return delayed - input;
        }
    }

    /// <summary>
    /// Feed-forward compressor with a smoothed peak detector: squeezes everything above the threshold towards a
    /// steady level (the "loud, flat" genres). Gain is computed every 32 samples and interpolated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress(Span<float> x, double thresholdDb, double ratio, double attackSeconds, double releaseSeconds, int sampleRate)
    {
        if (ratio <= 1.0) return;
        double att = 1.0 - DetMath.DecayPerSample(attackSeconds, sampleRate);
        double rel = 1.0 - DetMath.DecayPerSample(releaseSeconds, sampleRate);
        double env = 0, gain = 1, slope = 1.0 - 1.0 / ratio;
        const int block = 32;
        for (int start = 0; start < x.Length; start += block)
        {
            int end = Math.Min(start + block, x.Length);
            for (int i = start; i < end; i++)
            {
                double a = Math.Abs(x[i]);
                env += (a > env ? att : rel) * (a - env);
            }
            double levelDb = DetMath.GainToDb(env);
            double targetGain = levelDb > thresholdDb ? DetMath.DbToGain(-(levelDb - thresholdDb) * slope) : 1.0;
            double step = (targetGain - gain) / (end - start);
            for (int i = start; i < end; i++)
            {
                gain += step;
                x[i] = (float)(x[i] * gain);
            }
        }
    }

    /// <summary>Tape wow and flutter: a slowly modulated delay bends the pitch of the whole mix a few cents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Wow(Span<float> x, double depthSeconds, double rateHz, int sampleRate, float[] scratch)
    {
        if (depthSeconds <= 0) return;
        x.CopyTo(scratch);
        double baseDelay = depthSeconds * 1.5 * sampleRate;
        double depth = depthSeconds * sampleRate;
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / sampleRate;
            double d = baseDelay + depth * (DetMath.SinCycle(rateHz * t) + 0.3 * DetMath.SinCycle(rateHz * 6.1 * t + 0.25));
            double pos = i - d;
            if (pos < 0) { x[i] = scratch[0]; continue; }
            int j = (int)pos;
            float f = (float)(pos - j);
            x[i] = scratch[j] + (scratch[Math.Min(j + 1, x.Length - 1)] - scratch[j]) * f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lowpass(Span<float> x, double cutoffHz, double q, int sampleRate)
    {
        var f = new Svf(cutoffHz, q, sampleRate);
        for (int i = 0; i < x.Length; i++) x[i] = (float)f.Lowpass(x[i]);
    }

    /// <summary>DC blocker (one-pole high-pass): removes offset and sub-sonic rumble before normalising.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RemoveDc(Span<float> x, double cutoffHz, int sampleRate)
    {
        double r = DetMath.Exp(-DetMath.TwoPi * cutoffHz / sampleRate), previousIn = 0, previousOut = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double y = x[i] - previousIn + r * previousOut;
            previousIn = x[i];
            previousOut = y;
            x[i] = (float)y;
        }
    }

    /// <summary>Overdrive: gain into a soft clipper, level restored so louder means more distorted, not just louder.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Drive(Span<float> x, double drive)
    {
        if (drive <= 0) return;
        float pre = (float)(1.0 + drive * 8.0), post = 1f / DetMath.SoftClip(pre * 0.5f) * 0.5f;
        for (int i = 0; i < x.Length; i++) x[i] = DetMath.SoftClip(x[i] * pre) * post;
    }

    /// <summary>RMS over the loud part of a stem (blocks within 40 dB of the loudest), so a sparse part is levelled by
    /// how loud it sounds when it plays, not by how often.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ActiveRms(ReadOnlySpan<float> x)
    {
        const int block = 1024;
        int blocks = (x.Length + block - 1) / block;
        if (blocks == 0) return 0;
        var power = new double[blocks];
        double max = 0;
        for (int b = 0; b < blocks; b++)
        {
            int s = b * block, e = Math.Min(s + block, x.Length);
            double sum = 0;
            for (int i = s; i < e; i++) sum += (double)x[i] * x[i];
            power[b] = sum / (e - s);
            if (power[b] > max) max = power[b];
        }
        if (max <= 0) return 0;
        double total = 0;
        int count = 0;
        foreach (var p in power)
        {
            if (p < max * 1e-4) continue;
            total += p;
            count++;
        }
        return Math.Sqrt(total / count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Peak(ReadOnlySpan<float> x)
    {
        float peak = 0;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs(v));
        return peak;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(ReadOnlySpan<float> source, Span<float> destination, float gain)
    {
        for (int i = 0; i < source.Length; i++) destination[i] += source[i] * gain;
    }
}
