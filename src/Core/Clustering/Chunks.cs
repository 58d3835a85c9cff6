namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Parallel loops over fixed-size chunks of rows. The chunk boundaries depend only on the row count, and per-chunk results
/// are returned in chunk order, so any reduction over them is the same whatever the thread count: deterministic output.
/// Small inputs run inline, where thread hand-off would cost more than the work.
/// </summary>
internal static class Chunks
{
    public const int Size = 256;

    public static void For(int n, Action<int, int> body)
    {
        var count = (n + Size - 1) / Size;
        if (count <= 1) { body(0, n); return; }
        Parallel.For(0, count, c => body(c * Size, Math.Min(n, (c + 1) * Size)));
    }

    public static T[] Map<T>(int n, Func<int, int, T> body)
    {
        var count = Math.Max(1, (n + Size - 1) / Size);
        var results = new T[count];
        if (count == 1) results[0] = body(0, n);
        else Parallel.For(0, count, c => results[c] = body(c * Size, Math.Min(n, (c + 1) * Size)));
        return results;
    }
}
