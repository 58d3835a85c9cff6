using MusicDashboard.Core.Datasets;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Reports;

/// <summary>Writes Table 2 as Markdown (with the study's own figures beside ours), CSV and JSON.</summary>
public static class Table2Report
{
    /// <summary>The study's Table 2 (GTZAN, K = 10), for the reference rows.</summary>
    public static readonly IReadOnlyList<MetricsRow> Study =
    [
        new("Raw MFCC + KMeans", "MFCC", "KMeans", 10, 0.12, 2.31, 145.0, 0.08, 0.10, 0.21, 0),
        new("Raw MelSpec + KMeans", "MelSpec", "KMeans", 10, 0.10, 2.55, 120.7, 0.05, 0.09, 0.18, 0),
        new("MLP-VAE (Audio) + KMeans", "Latent", "KMeans", 10, 0.24, 1.71, 310.4, 0.19, 0.23, 0.34, 0),
        new("Conv-VAE + KMeans", "Latent", "KMeans", 10, 0.20, 1.95, 265.2, 0.15, 0.19, 0.30, 0),
        new("CVAE (Fusion) + GMM", "Latent", "GMM", 10, 0.22, 1.83, 290.0, 0.17, 0.22, 0.33, 0),
    ];

    /// <summary>The study's best row on every metric that matters for the comparison (NMI, ARI, purity).</summary>
    public static MetricsRow StudyBest => Study[2];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// Mean and sample standard deviation per cell over seeds. Rows are matched by method name, in order of first
    /// appearance; a method missing from some seed is averaged over the seeds it has (its own "seeds" list says which).
    /// </summary>
    public static IReadOnlyList<MetricsRow> Aggregate(IReadOnlyList<(int Seed, IReadOnlyList<MetricsRow> Rows)> perSeed)
    {
        var order = new List<string>();
        var byMethod = new Dictionary<string, List<(int Seed, MetricsRow Row)>>();
        foreach (var (seed, rows) in perSeed)
            foreach (var r in rows)
            {
                if (!byMethod.TryGetValue(r.Method, out var list)) { byMethod[r.Method] = list = []; order.Add(r.Method); }
                list.Add((seed, r));
            }
        return order.Select(m =>
        {
            var rs = byMethod[m].Select(p => p.Row).ToList();
            var first = rs[0];
            return first with
            {
                Silhouette = Mean(rs, r => r.Silhouette)!.Value, SilhouetteStd = Std(rs, r => r.Silhouette),
                DaviesBouldin = Mean(rs, r => r.DaviesBouldin)!.Value, DaviesBouldinStd = Std(rs, r => r.DaviesBouldin),
                CalinskiHarabasz = Mean(rs, r => r.CalinskiHarabasz)!.Value, CalinskiHarabaszStd = Std(rs, r => r.CalinskiHarabasz),
                Ari = Mean(rs, r => r.Ari), AriStd = Std(rs, r => r.Ari),
                Nmi = Mean(rs, r => r.Nmi), NmiStd = Std(rs, r => r.Nmi),
                Purity = Mean(rs, r => r.Purity), PurityStd = Std(rs, r => r.Purity),
                Seconds = Mean(rs, r => r.Seconds)!.Value, SecondsStd = Std(rs, r => r.Seconds),
                Seeds = byMethod[m].Select(p => p.Seed).ToList(),
                Ami = null, Homogeneity = null, Completeness = null, VMeasure = null, Accuracy = null,
            };
        }).ToList();

        static double? Mean(List<MetricsRow> rs, Func<MetricsRow, double?> f) =>
            rs.Any(r => f(r) is null) ? null : rs.Average(r => f(r)!.Value);
        static double? Std(List<MetricsRow> rs, Func<MetricsRow, double?> f)
        {
            if (rs.Any(r => f(r) is null)) return null;
            if (rs.Count < 2) return 0;
            var mean = rs.Average(r => f(r)!.Value);
            return Math.Sqrt(rs.Sum(r => (f(r)!.Value - mean) * (f(r)!.Value - mean)) / (rs.Count - 1));
        }
    }

    public static void Write(Table2 table, string outDir)
    {
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "table2.json"), ToJson(table));
        File.WriteAllText(Path.Combine(outDir, "table2.csv"), ToCsv(table));
        File.WriteAllText(Path.Combine(outDir, "table2.md"), ToMarkdown(table));
    }

    /// <summary>The table as <c>table2.json</c> holds it (also what a study stores).</summary>
    public static string ToJson(Table2 table) => JsonSerializer.Serialize(table, Json);

    /// <summary>A table read back from <see cref="ToJson"/>.</summary>
    public static Table2 FromJson(string json) => JsonSerializer.Deserialize<Table2>(json, Json) ?? throw new JsonException("empty Table 2");

    public static string ToCsv(Table2 table)
    {
        // The std columns appear only when the table is an aggregate over seeds, so single runs keep their old layout.
        var withStd = table.Seeds is not null;
        var withUnits = table.Rows.Any(r => r.Unit is not null);
        string[] header =
        [
            "method", "input", "clustering", "k", "silhouette", "db", "ch", "ari", "nmi", "purity", "seconds",
            .. withStd ? (string[])["silhouette_std", "db_std", "ch_std", "ari_std", "nmi_std", "purity_std", "seconds_std", "seeds"] : [],
            .. withUnits ? (string[])["unit", "units", "note"] : [],
        ];
        return Csv.Write(header, table.Rows.Select(r => (IEnumerable<object?>)
        [
            r.Method, r.Input, r.Clustering, r.K, r.Silhouette, r.DaviesBouldin, r.CalinskiHarabasz, r.Ari, r.Nmi, r.Purity, r.Seconds,
            .. withStd ? (object?[])[r.SilhouetteStd, r.DaviesBouldinStd, r.CalinskiHarabaszStd, r.AriStd, r.NmiStd, r.PurityStd, r.SecondsStd, string.Join(" ", r.Seeds ?? [])] : [],
            .. withUnits ? (object?[])[r.Unit ?? "", r.Units, r.Note ?? ""] : [],
        ]));
    }

    public static string ToMarkdown(Table2 table)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Table 2: clustering results on {table.Dataset}");
        sb.AppendLine();
        sb.AppendLine($"Dataset root: `{table.DatasetRoot}`; {table.Tracks} tracks, {table.Clips} clips; {table.Settings}; total {table.Seconds:0.0} s.");
        if (table.Version is not null) { sb.AppendLine(); sb.AppendLine($"Software: musicdash {table.Version}."); }
        if (table.Seeds is not null)
        {
            sb.AppendLine();
            sb.AppendLine($"Each cell is the mean ± sample standard deviation over seeds {string.Join(", ", table.Seeds)} (model, shuffling and clustering seed).");
        }
        if (table.Skipped.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"Skipped {table.Skipped.Count} unreadable file(s):");
            foreach (var s in table.Skipped) sb.AppendLine($"- {s}");
        }
        sb.AppendLine();
        sb.AppendLine("Higher is better except Davies-Bouldin (DB).");
        sb.AppendLine();
        AppendRows(sb, table.Rows, withSeconds: true);
        sb.AppendLine();
        sb.AppendLine("The study's own figures (GTZAN, K = 10), for reference:");
        sb.AppendLine();
        AppendRows(sb, Study, withSeconds: false);
        if (table.Verdicts is { Count: > 0 })
        {
            var best = StudyBest;
            sb.AppendLine();
            sb.AppendLine(FormattableString.Invariant(
                $"Does each latent row beat the strongest raw baseline of the table (the raw row with the highest NMI, clustered the same way; higher NMI and ARI; \"by 0.05\": both at least 0.05 higher) and the study's best row ({best.Method}: NMI {best.Nmi:0.00}, ARI {best.Ari:0.00}, purity {best.Purity:0.00})? Means ± std over the seeds."));
            sb.AppendLine();
            sb.AppendLine("| Latent row | NMI | ARI | Purity | Strongest raw baseline | Its NMI | Its ARI | Beats it | By 0.05 | Beats the study's best |");
            sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var v in table.Verdicts)
                sb.AppendLine(FormattableString.Invariant(
                    $"| {v.Latent} | {v.Nmi:0.000}{Pm(v.NmiStd)} | {v.Ari:0.000}{Pm(v.AriStd)} | {v.Purity:0.000} | {v.Baseline} | {v.BaselineNmi:0.000}{Pm(v.BaselineNmiStd)} | {v.BaselineAri:0.000}{Pm(v.BaselineAriStd)} | {(v.BeatsBaseline ? "yes" : "no")} | {(v.BeatsBaselineClearly ? "yes" : "no")} | {(v.BeatsStudyBest ? "yes" : "no")} |"));
        }
        if (table.Figures is { Count: > 0 })
        {
            sb.AppendLine();
            sb.AppendLine("Figures (first seed of each preset): the loss curves per epoch and the final 2-D projection of the latent " +
                "means, one dot per clip; each figure carries its title, axes and legend.");
            sb.AppendLine();
            foreach (var f in table.Figures) sb.AppendLine($"![{Path.GetFileNameWithoutExtension(f)}]({f})");
        }
        if (table.Stages is { Count: > 0 })
        {
            sb.AppendLine();
            sb.AppendLine("Wall time of every stage (seconds):");
            sb.AppendLine();
            sb.AppendLine("| Run | Seed | Stage | Seconds |");
            sb.AppendLine("| --- | --- | --- | --- |");
            foreach (var t in table.Stages) sb.AppendLine(FormattableString.Invariant($"| {t.Run} | {t.Seed} | {t.Stage} | {t.Seconds:0.00} |"));
        }
        return sb.ToString();
    }

    private static string Pm(double? std) => std is null ? "" : FormattableString.Invariant($" ± {std.Value:0.000}");

    private static void AppendRows(StringBuilder sb, IEnumerable<MetricsRow> rows, bool withSeconds)
    {
        sb.AppendLine("| Method | Silhouette | DB | CH | ARI | NMI | Purity | Clustering | Input |" + (withSeconds ? " Scored on | Seconds |" : ""));
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |" + (withSeconds ? " --- | --- |" : ""));
        foreach (var r in rows)
        {
            sb.AppendLine($"| {r.Method}{(r.Note is null ? "" : $" ({r.Note})")} | {Cell(r.Silhouette, r.SilhouetteStd, "0.000")} | {Cell(r.DaviesBouldin, r.DaviesBouldinStd, "0.000")} | " +
                $"{Cell(r.CalinskiHarabasz, r.CalinskiHarabaszStd, "0.0")} | {Cell(r.Ari, r.AriStd, "0.000")} | {Cell(r.Nmi, r.NmiStd, "0.000")} | {Cell(r.Purity, r.PurityStd, "0.000")} | {r.Clustering} | {r.Input} |"
                + (withSeconds ? $" {(r.Unit is null ? "n/a" : $"{r.Units} {r.Unit}")} | {Cell(r.Seconds, r.SecondsStd, "0.0")} |" : ""));
        }
        static string Cell(double? v, double? std, string format) => v is null ? "n/a"
            : v.Value.ToString(format, CultureInfo.InvariantCulture) + (std is null ? "" : " ± " + std.Value.ToString(format, CultureInfo.InvariantCulture));
    }
}
