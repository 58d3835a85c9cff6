using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicDashboard.Core.Reports;

/// <summary>
/// One latent row (means over seeds) against the strongest raw-feature baseline of the table, and against
/// the study's best row (MLP-VAE (Audio) + KMeans: NMI 0.23, ARI 0.19, Purity 0.34). "Beats" means higher on every metric
/// named: NMI and ARI for the baseline; NMI, ARI and purity for the study.
/// </summary>
public sealed record Verdict(
    [property: JsonPropertyName("latent")] string Latent,
    [property: JsonPropertyName("baseline")] string Baseline,
    [property: JsonPropertyName("nmi")] double Nmi,
    [property: JsonPropertyName("ari")] double Ari,
    [property: JsonPropertyName("purity")] double Purity,
    [property: JsonPropertyName("baseline_nmi")] double BaselineNmi,
    [property: JsonPropertyName("baseline_ari")] double BaselineAri)
{
    [JsonPropertyName("nmi_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? NmiStd { get; init; }
    [JsonPropertyName("ari_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? AriStd { get; init; }
    [JsonPropertyName("baseline_nmi_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BaselineNmiStd { get; init; }
    [JsonPropertyName("baseline_ari_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? BaselineAriStd { get; init; }
    [JsonPropertyName("beats_baseline")] public bool BeatsBaseline => Nmi > BaselineNmi && Ari > BaselineAri;
    /// <summary>The margin the project aims for on real music: at least 0.05 higher NMI and ARI than the strongest baseline.</summary>
    [JsonPropertyName("beats_baseline_by_0_05")] public bool BeatsBaselineClearly => Nmi >= BaselineNmi + 0.05 && Ari >= BaselineAri + 0.05;
    [JsonPropertyName("beats_study_best")] public bool BeatsStudyBest =>
        Nmi > Table2Report.StudyBest.Nmi && Ari > Table2Report.StudyBest.Ari && Purity > Table2Report.StudyBest.Purity;
}
