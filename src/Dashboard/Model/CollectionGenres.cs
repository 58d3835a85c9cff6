namespace MusicDashboard.Dashboard.Model;

/// <summary>Tracks per genre of a collection (null genre: not a GTZAN-layout folder) and its totals.</summary>
public sealed record CollectionGenres(IReadOnlyList<(string? Genre, int Tracks)> Genres, int Unreadable, double Seconds)
{
    public int Tracks => Genres.Sum(g => g.Tracks);
}
