namespace MusicDashboard.Core.Demo;

/// <summary>A closed interval a per-track value is drawn from.</summary>
internal readonly record struct ValueRange(double Min, double Max)
{
    public static implicit operator ValueRange(double value) => new(value, value);
    public double Draw(Prng rng) => Min == Max ? Min : rng.Between(Min, Max);
}
