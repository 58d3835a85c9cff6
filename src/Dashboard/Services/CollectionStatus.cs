namespace MusicDashboard.Dashboard.Services;

/// <summary>What the pages show about the collection while it is being prepared, and after.</summary>
public sealed record CollectionStatus(CollectionPhase Phase, string Message, int Done, int Total, bool IsSyntheticDemo, string DatasetName, string Root)
{
    public double Percent => Total <= 0 ? 0 : 100.0 * Done / Total;
}
