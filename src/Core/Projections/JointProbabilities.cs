namespace MusicDashboard.Core.Projections;

/// <summary>Sparse symmetric joint probabilities P in CSR form (row pointers, column indices in ascending order, values).</summary>
public sealed record JointProbabilities(int N, int[] RowStart, int[] Columns, double[] Values)
{
    public double this[int i, int j]
    {
        get
        {
            var idx = Array.BinarySearch(Columns, RowStart[i], RowStart[i + 1] - RowStart[i], j);
            return idx >= 0 ? Values[idx] : 0.0;
        }
    }
}
