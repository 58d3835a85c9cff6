namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>The body of the API's 404 and 409 answers: what is wrong, in words.</summary>
public sealed record ApiError(string Error);
