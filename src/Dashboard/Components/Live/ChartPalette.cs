namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>Colours of clusters, genres and compared runs in the dashboard's charts.</summary>
public static class ChartPalette
{
    /// <summary>Tableau-20: distinct enough for up to 20 clusters or genres; more cycle.</summary>
    public static readonly string[] Colours =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
    ];

    /// <summary>The colour of index <paramref name="i"/> (negative indices too: DBSCAN's noise is -1).</summary>
    public static string At(int i) => Colours[((i % Colours.Length) + Colours.Length) % Colours.Length];
}
