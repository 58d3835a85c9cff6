using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Dashboard.Services;

/// <summary>One Table 2 row of the run, as soon as its method is clustered and scored.</summary>
public sealed record MetricsComputedEvent(MetricsRow Row) : RunEvent;
