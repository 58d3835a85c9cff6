using System.Globalization;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// How the runs list is filtered, sorted and paged: the Runs page's address and <c>GET /api/runs</c> share these keys, so
/// a page's address and a script's query say the same thing: <c>state</c> (comma-separated), <c>preset</c>,
/// <c>dataset</c>, <c>q</c> (words in the name), <c>sort</c> (a key of <see cref="SortKeys"/>, <c>-</c> in front for
/// descending), <c>metrics</c> (<c>model</c> or <c>best</c>), <c>offset</c>, <c>limit</c>.
/// </summary>
public sealed record RunListRequest
{
    public const string DefaultSort = "-created";

    /// <summary>The columns the list sorts by.</summary>
    public static IReadOnlyList<string> SortKeys { get; } = ["id", "name", "preset", "dataset", "state", "created", "duration", "nmi", "ari", "silhouette"];

    /// <summary>The query keys this request reads.</summary>
    public static IReadOnlyList<string> QueryKeys { get; } = ["state", "preset", "dataset", "q", "sort", "metrics", "offset", "limit"];

    public const int MaxLimit = 1000;

    /// <summary>Empty: every state.</summary>
    public IReadOnlyCollection<RunState> States { get; init; } = [];
    public string? Preset { get; init; }
    /// <summary>The dataset's name as the list shows it (e.g. "demo-corpus", "genres").</summary>
    public string? Dataset { get; init; }
    /// <summary>Words in the run's name (case-insensitive, % and _ literal).</summary>
    public string? Text { get; init; }
    public string Sort { get; init; } = "created";
    public bool Descending { get; init; } = true;
    public RunMetricSource Metrics { get; init; } = RunMetricSource.Model;
    public int Offset { get; init; }
    /// <summary>Null: all from <see cref="Offset"/> on.</summary>
    public int? Limit { get; init; }

    /// <summary>Reads the query keys; a value that means nothing is a problem in words (key, message), never ignored.</summary>
    public static (RunListRequest Request, IReadOnlyList<(string Key, string Message)> Problems) Parse(Func<string, string?> query)
    {
        var problems = new List<(string, string)>();
        var request = new RunListRequest();

        if (Value(query, "state") is { } states)
        {
            var list = new List<RunState>();
            foreach (var part in states.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Enum.TryParse<RunState>(part, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(part, out _)) list.Add(s);
                else problems.Add(("state", $"'{part}' is not a run state (one of: {StateNames})"));
            }
            request = request with { States = list };
        }
        request = request with { Preset = Value(query, "preset"), Dataset = Value(query, "dataset"), Text = Value(query, "q") };

        if (Value(query, "sort") is { } sort)
        {
            var descending = sort.StartsWith('-');
            var key = sort.TrimStart('-', '+').ToLowerInvariant();
            if (SortKeys.Contains(key)) request = request with { Sort = key, Descending = descending };
            else problems.Add(("sort", $"cannot sort by '{sort}': give one of {string.Join(", ", SortKeys)} (a '-' in front sorts descending)"));
        }
        if (Value(query, "metrics") is { } metrics)
        {
            if (Enum.TryParse<RunMetricSource>(metrics, ignoreCase: true, out var source) && Enum.IsDefined(source) && !int.TryParse(metrics, out _))
                request = request with { Metrics = source };
            else problems.Add(("metrics", $"'{metrics}' is not a choice of metric rows: give 'model' (the model's row) or 'best' (the best of the run's rows)"));
        }
        if (Value(query, "offset") is { } offset)
        {
            if (int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var o)) request = request with { Offset = o };
            else problems.Add(("offset", $"offset must be a whole number of runs to skip, 0 or more (got '{offset}')"));
        }
        if (Value(query, "limit") is { } limit)
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= MaxLimit) request = request with { Limit = l };
            else problems.Add(("limit", $"limit must be a whole number of runs from 1 to {MaxLimit} (got '{limit}')"));
        }
        return (request, problems);
    }

    /// <summary>The sort as the query writes it: "-created", "nmi".</summary>
    public string SortText => (Descending ? "-" : "") + Sort;

    /// <summary>The non-default filters and sort as query parameters (paging left out: the page keeps its own).</summary>
    public IReadOnlyDictionary<string, string?> ToQuery() => new Dictionary<string, string?>
    {
        ["state"] = States.Count == 0 ? null : string.Join(",", States.Select(s => s.ToString().ToLowerInvariant())),
        ["preset"] = Blank(Preset),
        ["dataset"] = Blank(Dataset),
        ["q"] = Blank(Text),
        ["sort"] = SortText == DefaultSort ? null : SortText,
        ["metrics"] = Metrics == RunMetricSource.Model ? null : Metrics.ToString().ToLowerInvariant(),
    };

    private static string StateNames => string.Join(", ", Enum.GetNames<RunState>().Select(n => n.ToLowerInvariant()));

    private static string? Value(Func<string, string?> query, string key) => Blank(query(key));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
