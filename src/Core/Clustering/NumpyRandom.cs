namespace MusicDashboard.Core.Clustering;

/// <summary>
/// numpy's legacy <c>np.random.RandomState(seed)</c> generator (MT19937 with numpy's integer seeding) for the few draws
/// where scikit-learn's exact choice matters to a user comparing results: <see cref="Permutation"/> reproduces
/// <c>RandomState(seed).permutation(n)</c>, which sklearn's <c>silhouette_score(sample_size=..., random_state=seed)</c>
/// uses to pick its sample.
/// </summary>
public sealed class NumpyRandom
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _pos;

    public NumpyRandom(uint seed)
    {
        // numpy's mt19937_seed: the reference init_genrand recurrence.
        _mt[0] = seed;
        for (var i = 1; i < N; i++) _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        _pos = N;
    }

    public uint NextUInt32()
    {
        if (_pos >= N) Generate();
        var y = _mt[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>numpy's random_interval: uniform in 0..max by masking and rejection.</summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        var mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary><c>RandomState.permutation(n)</c>: arange(n) shuffled by Fisher-Yates from the end, as numpy's shuffle.</summary>
    public int[] Permutation(int n)
    {
        var a = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i >= 1; i--)
        {
            var j = (int)Interval((uint)i);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }

    private void Generate()
    {
        const uint upper = 0x80000000u, lower = 0x7fffffffu, matrixA = 0x9908b0dfu;
        int k;
        uint y;
        for (k = 0; k < N - M; k++)
        {
            y = (_mt[k] & upper) | (_mt[k + 1] & lower);
            _mt[k] = _mt[k + M] ^ (y >> 1) ^ ((y & 1) != 0 ? matrixA : 0u);
        }
        for (; k < N - 1; k++)
        {
            y = (_mt[k] & upper) | (_mt[k + 1] & lower);
            _mt[k] = _mt[k + (M - N)] ^ (y >> 1) ^ ((y & 1) != 0 ? matrixA : 0u);
        }
        y = (_mt[N - 1] & upper) | (_mt[0] & lower);
        _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1) != 0 ? matrixA : 0u);
        _pos = 0;
    }
}
