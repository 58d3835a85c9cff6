using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// How the loss charts are drawn (the run page and Compare): log y, smoothing (TensorBoard's debiased exponential moving
/// average, <see cref="DebiasedEma"/>; 0 = raw) and what x counts. Read from and written to the page address
/// (<c>?logy=1&amp;smooth=0.6&amp;x=wall</c>), so a view can be reloaded or shared; defaults are left out of the address.
/// </summary>
public sealed record LossChartOptions
{
    public const string LogYKey = "logy";
    public const string SmoothingKey = "smooth";
    public const string XKey = "x";
    public const double MaxSmoothing = 0.99;

    public bool LogY { get; init; }

    /// <summary>The EMA weight, 0 (raw) to <see cref="MaxSmoothing"/>.</summary>
    public double Smoothing
    {
        get;
        init => field = double.IsFinite(value) ? Math.Round(Math.Clamp(value, 0, MaxSmoothing), 2) : 0;
    }

    public ChartXAxis X { get; init; } = ChartXAxis.Epoch;

    public static LossChartOptions Default { get; } = new();

    /// <summary>The options in a page address (absolute or relative); missing or unreadable values keep their defaults.</summary>
    public static LossChartOptions FromUri(string uri)
    {
        var q = uri.IndexOf('?') is var i and >= 0 ? uri[i..] : "";
        var hash = q.IndexOf('#');
        var query = QueryHelpers.ParseQuery(hash >= 0 ? q[..hash] : q);
        string? Get(string key) => query.TryGetValue(key, out var v) ? v.ToString() : null;
        return new LossChartOptions
        {
            LogY = Get(LogYKey) is "1" or "true",
            Smoothing = double.TryParse(Get(SmoothingKey), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 0,
            X = Get(XKey) is { } x && x.Equals("wall", StringComparison.OrdinalIgnoreCase) ? ChartXAxis.Wall : ChartXAxis.Epoch,
        };
    }

    /// <summary>The query parameters of these options; a default is null, which removes it from the address.</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        [LogYKey] = LogY ? "1" : null,
        [SmoothingKey] = Smoothing > 0 ? Smoothing.ToString("0.##", CultureInfo.InvariantCulture) : null,
        [XKey] = X == ChartXAxis.Wall ? "wall" : null,
    };

    public string XTitle => X == ChartXAxis.Wall ? "training time (s)" : "epoch";

    /// <summary>What the chart shows beyond the raw per-epoch values, for its caption; empty for the defaults.</summary>
    public string Describe(int nonPositive)
    {
        var parts = new List<string>();
        if (Smoothing > 0) parts.Add(FormattableString.Invariant($"smoothed: debiased EMA, weight {Smoothing:0.##} (raw curves faint behind)"));
        if (X == ChartXAxis.Wall) parts.Add("x: seconds of training since its first epoch began (sum of the epochs' times)");
        if (LogY) parts.Add(nonPositive > 0 ? $"log y: {nonPositive} value(s) at or below 0 (e.g. a KL of 0) cannot be drawn and are left out" : "log y");
        return string.Join("; ", parts);
    }
}
