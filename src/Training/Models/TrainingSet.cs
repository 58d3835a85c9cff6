namespace MusicDashboard.Training.Models;

/// <summary>
/// Training rows as one flat row-major array: <paramref name="Count"/> samples of <paramref name="SampleShape"/> (e.g. [40]
/// or [1, 128, 431]), and optionally a condition vector per sample for the CVAE.
/// </summary>
public sealed record TrainingSet(float[] Values, int Count, long[] SampleShape, float[]? Conditions = null, int ConditionDim = 0)
{
    public long SampleSize => SampleShape.Aggregate(1L, (a, b) => a * b);
    /// <summary>The track (any id) of every sample, for <see cref="VaeSettings.TrackConsistency"/>; null = unknown.</summary>
    public int[]? Groups { get; init; }

    public static TrainingSet FromRows(float[][] rows, float[][]? conditions = null)
    {
        if (rows.Length == 0) throw new ArgumentException("no rows to train on");
        var flat = Flatten(rows, "row");
        var cond = conditions is null ? null : Flatten(conditions, "condition");
        if (conditions is not null && conditions.Length != rows.Length) throw new ArgumentException($"{conditions.Length} conditions for {rows.Length} rows");
        return new TrainingSet(flat, rows.Length, [rows[0].Length], cond, conditions?[0].Length ?? 0);
    }

    internal static float[] Flatten(float[][] x, string what)
    {
        var dim = x[0].Length;
        var flat = new float[x.Length * dim];
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i].Length != dim) throw new ArgumentException($"{what} {i} has {x[i].Length} values, expected {dim}");
            x[i].CopyTo(flat, i * dim);
        }
        return flat;
    }

    internal void Check()
    {
        if (Count <= 0) throw new ArgumentException("no rows to train on");
        if (Values.LongLength != Count * SampleSize) throw new ArgumentException($"{Values.LongLength} values for {Count} samples of {string.Join("x", SampleShape)}");
        if (Conditions is not null && Conditions.LongLength != (long)Count * ConditionDim) throw new ArgumentException($"{Conditions.LongLength} condition values for {Count} samples of width {ConditionDim}");
        if (Groups is not null && Groups.Length != Count) throw new ArgumentException($"{Groups.Length} track ids for {Count} samples");
    }
}
