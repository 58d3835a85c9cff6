using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Storage;

/// <summary>One row of the study's Table 2 for a run: a representation clustered one way and scored. The entity holds the
/// <see cref="MetricsRow"/> itself (an EF Core complex property, one column per field, named as the fields), not a copy of its
/// fields.</summary>
public sealed class MetricRowEntity
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public int Order { get; set; }
    public required MetricsRow Row { get; set; }
}
