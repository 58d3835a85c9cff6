using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicDashboard.Core.Reports;

/// <summary>One row of the study's Table 2: a representation, how it was clustered, and its scores.</summary>
public sealed record Table2Row(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("clustering")] string Clustering,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("silhouette")] double Silhouette,
    [property: JsonPropertyName("db")] double DaviesBouldin,
    [property: JsonPropertyName("ch")] double CalinskiHarabasz,
    [property: JsonPropertyName("ari")] double? Ari,
    [property: JsonPropertyName("nmi")] double? Nmi,
    [property: JsonPropertyName("purity")] double? Purity,
    [property: JsonPropertyName("seconds")] double Seconds);

public sealed record Table2(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("dataset_root")] string DatasetRoot,
    [property: JsonPropertyName("tracks")] int Tracks,
    [property: JsonPropertyName("clips")] int Clips,
    [property: JsonPropertyName("skipped")] IReadOnlyList<string> Skipped,
    [property: JsonPropertyName("settings")] string Settings,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("rows")] IReadOnlyList<Table2Row> Rows);

/// <summary>Writes Table 2 as Markdown (with the study's own figures beside ours), CSV and JSON.</summary>
public static class Table2Report
{
    /// <summary>The study's Table 2 (GTZAN, K = 10), for the reference rows.</summary>
    public static readonly IReadOnlyList<Table2Row> Study =
    [
        new("Raw MFCC + KMeans", "MFCC", "KMeans", 10, 0.12, 2.31, 145.0, 0.08, 0.10, 0.21, 0),
        new("Raw MelSpec + KMeans", "MelSpec", "KMeans", 10, 0.10, 2.55, 120.7, 0.05, 0.09, 0.18, 0),
        new("MLP-VAE (Audio) + KMeans", "Latent", "KMeans", 10, 0.24, 1.71, 310.4, 0.19, 0.23, 0.34, 0),
        new("Conv-VAE + KMeans", "Latent", "KMeans", 10, 0.20, 1.95, 265.2, 0.15, 0.19, 0.30, 0),
        new("CVAE (Fusion) + GMM", "Latent", "GMM", 10, 0.22, 1.83, 290.0, 0.17, 0.22, 0.33, 0),
    ];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write(Table2 table, string outDir)
    {
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "table2.json"), JsonSerializer.Serialize(table, Json));
        File.WriteAllText(Path.Combine(outDir, "table2.csv"), ToCsv(table));
        File.WriteAllText(Path.Combine(outDir, "table2.md"), ToMarkdown(table));
    }

    public static string ToCsv(Table2 table)
    {
        var sb = new StringBuilder("method,input,clustering,k,silhouette,db,ch,ari,nmi,purity,seconds\n");
        foreach (var r in table.Rows)
            sb.AppendLine(string.Join(",", Quote(r.Method), Quote(r.Input), Quote(r.Clustering), r.K.ToString(CultureInfo.InvariantCulture),
                F(r.Silhouette), F(r.DaviesBouldin), F(r.CalinskiHarabasz), F(r.Ari), F(r.Nmi), F(r.Purity), F(r.Seconds)));
        return sb.ToString();

        static string F(double? v) => v is null ? "" : v.Value.ToString("R", CultureInfo.InvariantCulture);
        static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    public static string ToMarkdown(Table2 table)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Table 2: clustering results on {table.Dataset}");
        sb.AppendLine();
        sb.AppendLine($"Dataset root: `{table.DatasetRoot}`; {table.Tracks} tracks, {table.Clips} clips; {table.Settings}; total {table.Seconds:0.0} s.");
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
        return sb.ToString();
    }

    private static void AppendRows(StringBuilder sb, IEnumerable<Table2Row> rows, bool withSeconds)
    {
        sb.AppendLine("| Method | Silhouette | DB | CH | ARI | NMI | Purity | Clustering | Input |" + (withSeconds ? " Seconds |" : ""));
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |" + (withSeconds ? " --- |" : ""));
        foreach (var r in rows)
        {
            sb.AppendLine($"| {r.Method} | {r.Silhouette:0.000} | {r.DaviesBouldin:0.000} | {r.CalinskiHarabasz:0.0} | {Opt(r.Ari)} | {Opt(r.Nmi)} | {Opt(r.Purity)} | {r.Clustering} | {r.Input} |"
                + (withSeconds ? $" {r.Seconds:0.0} |" : ""));
        }
        static string Opt(double? v) => v is null ? "n/a" : v.Value.ToString("0.000", CultureInfo.InvariantCulture);
    }
}
