namespace MusicDashboard.Dashboard.Model;

/// <summary>What a loss chart's x axis counts: epochs, or training wall time (seconds since training began).</summary>
public enum ChartXAxis
{
    Epoch,
    Wall,
}
