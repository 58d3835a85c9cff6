namespace MusicDashboard.Dashboard.Services;

public sealed record RunStateChangedEvent(string State, string? Message) : RunEvent;
