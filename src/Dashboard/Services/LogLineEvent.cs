namespace MusicDashboard.Dashboard.Services;

public sealed record LogLineEvent(DateTime At, string Stage, string Message) : RunEvent;
