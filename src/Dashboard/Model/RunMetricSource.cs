namespace MusicDashboard.Dashboard.Model;

/// <summary>Which of a run's Table 2 rows the lists' metric columns show and sort by.</summary>
public enum RunMetricSource
{
    /// <summary>The model's row (the latent input), else the last row: what the lists always showed.</summary>
    Model,
    /// <summary>The best value of each metric over all the run's rows (baselines included).</summary>
    Best,
}
