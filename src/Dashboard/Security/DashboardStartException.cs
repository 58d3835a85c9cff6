namespace MusicDashboard.Dashboard.Security;

/// <summary>The dashboard refuses to start (e.g. exposed without authentication); the message says why and what to do.</summary>
public sealed class DashboardStartException(string message) : Exception(message);
