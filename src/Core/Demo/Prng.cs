using System.Runtime.CompilerServices;

using System.Numerics;

namespace MusicDashboard.Core.Demo;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Our own generator (not System.Random) so a seed produces the same
/// stream on every .NET version and platform; every track gets its own instance, so parallel generation is
/// independent of thread scheduling.
/// </summary>
internal sealed class Prng
{
    private ulong _s0, _s1, _s2, _s3;

    public Prng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A stream for one purpose of one track: (seed, genre, track index, purpose) hashed together.</summary>
    public static Prng For(int seed, string genre, int track, string purpose) =>
        new(Derive((ulong)(uint)seed, Fnv1a(genre), (ulong)(uint)track, Fnv1a(purpose)));

    public static ulong Derive(params ReadOnlySpan<ulong> parts)
    {
        ulong h = 0x6A09E667F3BCC909UL;
        foreach (var p in parts)
        {
            var x = h ^ p;
            h = SplitMix(ref x);
        }
        return h;
    }

    public static ulong Fnv1a(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-1, 1), for noise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextNoise() => (int)(NextULong() >> 40) * (2f / (1 << 24)) - 1f;

    /// <summary>Uniform integer in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)(((NextULong() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>Uniform integer in [min, max] (both inclusive).</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double Between(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Approximately standard normal (Irwin-Hall of four uniforms); no transcendental functions.</summary>
    public double Gaussian() => (NextDouble() + NextDouble() + NextDouble() + NextDouble() - 2.0) * 1.7320508075688772;
}
