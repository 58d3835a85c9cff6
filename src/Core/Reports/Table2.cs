using System.Text.Json;
using System.Text.Json.Serialization;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Reports;

public sealed record Table2(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("dataset_root")] string DatasetRoot,
    [property: JsonPropertyName("tracks")] int Tracks,
    [property: JsonPropertyName("clips")] int Clips,
    [property: JsonPropertyName("skipped")] IReadOnlyList<string> Skipped,
    [property: JsonPropertyName("settings")] string Settings,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("rows")] IReadOnlyList<MetricsRow> Rows)
{
    [JsonPropertyName("seeds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<int>? Seeds { get; init; }
    [JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Version { get; init; }
    [JsonPropertyName("stages"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<StageTiming>? Stages { get; init; }
    /// <summary>Extra files written beside the table (loss curves, projections), relative to the output folder.</summary>
    [JsonPropertyName("figures"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Figures { get; init; }
    /// <summary>Each latent row against the strongest raw baseline of its run and against the study's best row.</summary>
    [JsonPropertyName("verdicts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<Verdict>? Verdicts { get; init; }
}
