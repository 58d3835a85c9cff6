using System.Text.Json.Nodes;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Dashboard.ScaleOut;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>
/// Scale-out's API (docs/scale-out.md): the live workers, and a collection's features extracted in shards by them
/// (<c>POST /api/features</c> with <c>{ "dataset": "...", "preset": "..." }</c>, then <c>GET /api/features/{id}</c>).
/// Without scale-out these answer 409 saying so: one process extracts a run's features as part of the run.
/// </summary>
public static class ScaleOutEndpoints
{
    private const string NotScaledOut = "this dashboard executes runs itself: workers and feature shards need MusicDashboard:ScaleOut (docs/scale-out.md)";

    public static void MapScaleOutEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workers", async (IServiceProvider services, CancellationToken ct) =>
            services.GetService<WorkerDirectory>() is { } workers ? Results.Ok(await workers.ListAsync(ct)) : Results.Conflict(new ApiError(NotScaledOut)))
            .WithTags("scale-out").WithName("ListWorkers")
            .WithSummary("The live workers: name, device, jobs at a time, queues, and the runs each is executing")
            .Produces<IReadOnlyList<WorkerCard>>().Produces<ApiError>(StatusCodes.Status409Conflict);

        app.MapPost("/api/features", async (HttpRequest request, IServiceProvider services, AppPaths paths, CancellationToken ct) =>
        {
            if (services.GetService<FeatureExtractionService>() is not { } extractions) return Results.Conflict(new ApiError(NotScaledOut));
            var (body, invalid) = await ApiQuery.ReadJsonAsync(request, optional: true, ct);
            if (invalid is not null) return invalid;
            string? Text(string field) => body?[field] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            if (body is JsonObject o && o.Select(p => p.Key).FirstOrDefault(k => k is not ("dataset" or "preset")) is { } unknown)
                return ApiQuery.Invalid([new Services.FieldProblem(unknown, $"unknown field '{unknown}' (dataset, preset)")], "feature extraction not started");
            var dataset = Text("dataset") ?? paths.DefaultDataset;
            var preset = Text("preset");
            var (id, problem) = await extractions.StartAsync(dataset, preset, ct);
            if (problem is not null) return ApiQuery.Invalid([new Services.FieldProblem("dataset", problem)], "feature extraction not started");
            return Results.Created($"/api/features/{id}", await extractions.StatusAsync(id!.Value, ct));
        })
            .WithTags("scale-out").WithName("ExtractFeatures")
            .RequireRateLimiting(Security.RunCreationLimits.Policy)
            .WithSummary("Extracts a collection's features in shards over the workers, into the shared feature cache its runs read")
            .WithDescription("Body (fields optional): { \"dataset\": \"demo\", \"preset\": \"mlp-vae-audio\" }. Shards hold MusicDashboard:ScaleOut:TracksPerShard tracks.")
            .Accepts<JsonObject>("application/json")
            .Produces<FeatureExtractionStatus>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .Produces<ApiError>(StatusCodes.Status409Conflict);

        app.MapGet("/api/features/{id:int}", async (int id, IServiceProvider services, CancellationToken ct) =>
        {
            if (services.GetService<FeatureExtractionService>() is not { } extractions) return Results.Conflict(new ApiError(NotScaledOut));
            return await extractions.StatusAsync(id, ct) is { } status ? Results.Ok(status) : Results.NotFound(new ApiError($"no feature extraction {id}"));
        })
            .WithTags("scale-out").WithName("GetFeatureExtraction")
            .WithSummary("Where a feature extraction stands, shard by shard: tracks, worker, cache hits, computed, skipped")
            .Produces<FeatureExtractionStatus>().Produces<ApiError>(StatusCodes.Status404NotFound);
    }
}
