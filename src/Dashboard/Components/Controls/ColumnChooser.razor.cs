using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace MusicDashboard.Dashboard.Components.Controls;

/// <summary>
/// Shows or hides a table's optional columns. The choice is the set of hidden keys, kept in the browser's localStorage
/// (one comma-separated value under <see cref="StorageKey"/>), so each browser keeps its own and a reload keeps it.
/// Unknown keys in storage (a column removed since) are dropped.
/// </summary>
public partial class ColumnChooser
{
    [Inject] private IJSRuntime Js { get; set; } = default!;

    [Parameter, EditorRequired] public IReadOnlyList<TableColumn> Columns { get; set; } = [];
    [Parameter, EditorRequired] public string StorageKey { get; set; } = "";
    /// <summary>The columns hidden before the browser said otherwise.</summary>
    [Parameter] public IReadOnlySet<string> DefaultHidden { get; set; } = new HashSet<string>();
    [Parameter] public IReadOnlySet<string> Hidden { get; set; } = new HashSet<string>();
    [Parameter] public EventCallback<IReadOnlySet<string>> HiddenChanged { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        string? stored;
        try { stored = await Js.InvokeAsync<string?>("localStorage.getItem", StorageKey); }
        catch (JSException) { return; } // storage disabled in this browser: the defaults stay
        var hidden = stored is null ? DefaultHidden : Parse(stored, Columns);
        await HiddenChanged.InvokeAsync(hidden);
    }

    private async Task ToggleAsync(string key)
    {
        var hidden = new HashSet<string>(Hidden);
        if (!hidden.Remove(key)) hidden.Add(key);
        await HiddenChanged.InvokeAsync(hidden);
        try { await Js.InvokeVoidAsync("localStorage.setItem", StorageKey, string.Join(",", hidden.Order(StringComparer.Ordinal))); }
        catch (JSException) { }
    }

    /// <summary>The stored value as a set of known column keys.</summary>
    public static IReadOnlySet<string> Parse(string stored, IReadOnlyList<TableColumn> columns) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(k => columns.Any(c => c.Key == k)).ToHashSet();
}
