using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicDashboard.Core.Reports;

/// <summary>Wall time of one stage of one run (scan, features, train, ...), for the report.</summary>
public sealed record StageTiming(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("seconds")] double Seconds);
