namespace MusicDashboard.Dashboard.Model;

/// <summary>Registers the query services the pages get their data from (they never see a DbContext).</summary>
public static class QueryServices
{
    public static IServiceCollection AddQueryServices(this IServiceCollection services) => services
        .AddSingleton<ITranscriptLookup, StoredTranscriptLookup>()
        .AddSingleton<RunsQuery>()
        .AddSingleton<RunDetailQuery>()
        .AddSingleton<TrackQuery>()
        .AddSingleton<DatasetQuery>()
        .AddSingleton<StudyQuery>()
        .AddSingleton<MapQuery>()
        .AddSingleton<PlaylistQuery>()
        .AddSingleton<PlaylistStore>();
}
