using System.Runtime.Intrinsics;

namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Squared Euclidean distance with a fixed 4-lane accumulation order. Vector256 arithmetic is lane-wise IEEE, and its
/// software fallback computes the same lanes, so the sum is bit-identical with or without AVX; the lanes are added in a
/// fixed order (not Vector256.Sum, whose order is unspecified) and no fused multiply-add is used, for the same reason.
/// </summary>
internal static class Euclid
{
    public static double Squared(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        var j = 0;
        double sum;
        if (n >= 4)
        {
            var acc = Vector256<double>.Zero;
            for (; j <= n - 4; j += 4)
            {
                var diff = Vector256.Create(a.Slice(j, 4)) - Vector256.Create(b.Slice(j, 4));
                acc += diff * diff;
            }
            sum = (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));
        }
        else sum = 0;
        for (; j < n; j++)
        {
            var diff = a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }
}
