using System.Globalization;
using Microsoft.AspNetCore.Components;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>The saved playlists (<c>/playlists?id=</c>): listed, opened with their tracks playable, renamed, deleted, exported.</summary>
public partial class Playlists
{
    [Inject] private PlaylistQuery Query { get; set; } = default!;
    [Inject] private PlaylistStore Store { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "id")] public int? QueryId { get; set; }

    private IReadOnlyList<PlaylistSummary> _playlists = [];
    private int _selectedId;
    private PlaylistDetail? _detail;
    private string? _name;
    private string? _problem;
    private bool _confirmDelete;

    protected override async Task OnParametersSetAsync()
    {
        _playlists = await Query.AllAsync();
        var id = QueryId is { } q && _playlists.Any(p => p.Id == q) ? q : _playlists.FirstOrDefault()?.Id;
        await LoadAsync(id);
    }

    private async Task LoadAsync(int? id)
    {
        _selectedId = id ?? 0;
        _detail = id is { } i ? await Query.GetAsync(i) : null;
        _name = _detail?.Summary.Name;
        _problem = null;
        _confirmDelete = false;
    }

    private void Open(int id) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("id", id), replace: true);

    private async Task RenameAsync()
    {
        if (_detail is null) return;
        var (found, problem) = await Store.RenameAsync(_detail.Summary.Id, _name);
        if (!found) problem = "this playlist was deleted meanwhile";
        if (problem is not null) { _problem = problem; return; }
        _playlists = await Query.AllAsync();
        await LoadAsync(_detail.Summary.Id);
    }

    private async Task DeleteAsync()
    {
        if (_detail is null) return;
        await Store.DeleteAsync(_detail.Summary.Id);
        _playlists = await Query.AllAsync();
        await LoadAsync(_playlists.FirstOrDefault()?.Id);
    }

    private static string Duration(double seconds)
    {
        var s = (long)Math.Round(seconds);
        return s >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:00}");
    }
}
