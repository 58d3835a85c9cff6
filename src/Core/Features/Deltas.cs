using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa.feature.delta(data, width, order, axis=-1, mode='interp') = scipy.signal.savgol_filter(data, width,
/// deriv=order, polyorder=order, mode='interp'): the order-th derivative of a least-squares polynomial of degree order
/// over a centred window. With deriv = polyorder that derivative is constant over a window, so the interp-mode edges
/// equal the first and last full-window values.
/// </summary>
public static class Deltas
{
    public static float[,] Compute(float[,] data, int width = 9, int order = 1)
    {
        if (width < 3 || width % 2 == 0) throw new ArgumentException($"delta width must be an odd integer >= 3, got {width}");
        if (order < 1) throw new ArgumentException($"delta order must be a positive integer, got {order}");
        if (order >= width) throw new ArgumentException($"delta order {order} must be smaller than the width {width}");
        var rows = data.GetLength(0);
        var frames = data.GetLength(1);
        if (frames < width) throw new ArgumentException($"delta width {width} is larger than the {frames} frames (librosa's mode='interp' needs width <= frames)");
        var w = Weights(width, order);
        var h = width / 2;
        var result = new float[rows, frames];
        for (var r = 0; r < rows; r++)
        {
            for (var t = h; t < frames - h; t++)
            {
                double acc = 0;
                for (var j = -h; j <= h; j++) acc += w[j + h] * data[r, t + j];
                result[r, t] = (float)acc;
            }
            for (var t = 0; t < h; t++)
            {
                result[r, t] = result[r, h];
                result[r, frames - 1 - t] = result[r, frames - 1 - h];
            }
        }
        return result;
    }

    /// <summary>Savitzky-Golay weights: w_j = order! * [(V^T V)^-1 V^T]_{order, j}, V_{j,k} = j^k, j = -h..h.</summary>
    public static double[] Weights(int width, int order)
    {
        var h = width / 2;
        var p = order + 1;
        var gram = new double[p, p + width]; // [V^T V | V^T], solved in place by Gauss-Jordan
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++)
                for (var j = -h; j <= h; j++) gram[a, b] += Math.Pow(j, a + b);
            for (var j = -h; j <= h; j++) gram[a, p + j + h] = Math.Pow(j, a);
        }
        for (var c = 0; c < p; c++)
        {
            var pivot = Enumerable.Range(c, p - c).MaxBy(r => Math.Abs(gram[r, c]));
            for (var k = 0; k < p + width; k++) (gram[c, k], gram[pivot, k]) = (gram[pivot, k], gram[c, k]);
            var d = gram[c, c];
            for (var k = 0; k < p + width; k++) gram[c, k] /= d;
            for (var r = 0; r < p; r++)
            {
                if (r == c) continue;
                var f = gram[r, c];
                for (var k = 0; k < p + width; k++) gram[r, k] -= f * gram[c, k];
            }
        }
        double factorial = 1;
        for (var k = 2; k <= order; k++) factorial *= k;
        return Enumerable.Range(0, width).Select(j => factorial * gram[order, p + j]).ToArray();
    }
}
