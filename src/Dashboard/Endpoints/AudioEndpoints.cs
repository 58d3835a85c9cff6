using Microsoft.AspNetCore.StaticFiles;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Security;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>Streams a track's audio file for the page's player, with range requests (seeking).</summary>
public static class AudioEndpoints
{
    public static void MapAudioEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/tracks/{id:int}/audio", async (int id, TrackQuery tracks, CollectionService collection, CancellationToken ct) =>
        {
            if (await tracks.FileAsync(id, ct) is not { } track) return Results.NotFound(new { error = $"no track {id}" });
            var path = ResolveInside(collection.AllowedRoots, track.DatasetRoot, track.RelativePath);
            if (path is null) return Results.Problem($"track {id} lies outside the configured dataset folders", statusCode: StatusCodes.Status403Forbidden);
            if (!File.Exists(path)) return Results.NotFound(new { error = $"the file of track {id} is gone: {track.RelativePath}" });
            return Results.File(path, ContentType(path), enableRangeProcessing: true);
        }).WithTags("tracks").WithName("GetTrackAudio").WithSummary("A track's audio file, with range requests (seeking)");

    /// <summary>
    /// The real path of a track when, with "..", and symbolic links in every component resolved, it lies inside one of the
    /// allowed roots (also resolved); otherwise null. The stored root must itself be an allowed root: a database row
    /// cannot widen what is served.
    /// </summary>
    public static string? ResolveInside(IEnumerable<string> allowedRoots, string trackRoot, string relativePath)
    {
        var stored = Normalise(trackRoot);
        if (!allowedRoots.Select(Normalise).Contains(stored)) return null;
        var root = DatasetAccess.RealPath(stored);
        var real = DatasetAccess.RealPath(Path.Combine(stored, relativePath));
        return real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? real : null;
    }

    private static string Normalise(string path) => Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);

    /// <summary>ASP.NET Core's extension table, with the audio types it lacks or names differently added.</summary>
    private static readonly FileExtensionContentTypeProvider Types = WithAudioTypes(new FileExtensionContentTypeProvider());

    private static FileExtensionContentTypeProvider WithAudioTypes(FileExtensionContentTypeProvider provider)
    {
        provider.Mappings[".wav"] = "audio/wav";
        provider.Mappings[".flac"] = "audio/flac";
        provider.Mappings[".ogg"] = "audio/ogg";
        provider.Mappings[".m4a"] = "audio/mp4";
        provider.Mappings[".snd"] = "audio/basic";
        return provider;
    }

    /// <summary>The media type the player is sent for a file name; application/octet-stream when unknown.</summary>
    public static string ContentType(string path) => Types.TryGetContentType(path, out var type) ? type : "application/octet-stream";
}
