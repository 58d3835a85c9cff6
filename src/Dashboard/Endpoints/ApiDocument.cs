using Microsoft.AspNetCore.OpenApi;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>The OpenAPI document of the HTTP API (<c>/openapi/v1.json</c>): its title and what it is for.</summary>
public static class ApiDocument
{
    public const string Path = "/openapi/v1.json";

    public static void Configure(OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MusicDashboard API";
            document.Info.Description = "Runs (start, list, watch, resume, cancel, delete, exports), tracks by cluster and genre, and the study. " +
                "Errors are validation problem details (400, by field) or { \"error\": \"...\" } (404, 409), in words. " +
                "Live events stream over the SignalR hub /hubs/training.";
            return Task.CompletedTask;
        });
}
