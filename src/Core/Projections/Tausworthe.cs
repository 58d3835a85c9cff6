namespace MusicDashboard.Core.Projections;

/// <summary>umap-learn's <c>tau_rand_int</c>: a three-component Tausworthe generator on 64-bit integers, fast enough
/// to draw every negative sample. The state is seeded from the caller's own <see cref="Random"/>, never shared.</summary>
internal sealed class Tausworthe
{
    private long _s0, _s1, _s2;

    public Tausworthe(Random seed)
    {
        // The components need s0 > 1, s1 > 7, s2 > 15 to have full period.
        _s0 = seed.Next(16, int.MaxValue);
        _s1 = seed.Next(16, int.MaxValue);
        _s2 = seed.Next(16, int.MaxValue);
    }

    /// <summary>A value in [0, n): the 32-bit draw scaled by n (multiply and shift, no division; umap takes it modulo n).</summary>
    public int Next(int n)
    {
        _s0 = (((_s0 & 4294967294L) << 12) & 0xFFFFFFFFL) ^ ((((_s0 << 13) & 0xFFFFFFFFL) ^ _s0) >> 19);
        _s1 = (((_s1 & 4294967288L) << 4) & 0xFFFFFFFFL) ^ ((((_s1 << 2) & 0xFFFFFFFFL) ^ _s1) >> 25);
        _s2 = (((_s2 & 4294967280L) << 17) & 0xFFFFFFFFL) ^ ((((_s2 << 3) & 0xFFFFFFFFL) ^ _s2) >> 11);
        return (int)(((ulong)(uint)(_s0 ^ _s1 ^ _s2) * (ulong)n) >> 32);
    }
}
